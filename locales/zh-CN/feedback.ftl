# The feedback workbook a unit gets back (feedback.rs): the 审核结果 sheet and the notes on
# the cells to correct.
feedback-title = { $unit } 项目支出绩效自评表审核结果
feedback-instruction = 请按下列意见修改各表中标为浅红色的单元格（鼠标停在单元格上可看到批注），改好后将本工作簿原样交回，不要改动工作表名称。
feedback-col-severity = 严重程度
feedback-col-sheet = 工作表
feedback-col-cell = 单元格
feedback-col-field = 栏目
feedback-col-message = 说明
feedback-severity-error = 错误
feedback-severity-warning = 提示
feedback-severity-explain = 需说明
feedback-no-findings = 没有需要修改的单元格。
feedback-no-cell = —
feedback-comments = 审核意见
feedback-note-author = 审核意见
feedback-note-line = 【{ $severity }】{ $message }
feedback-no-forms = 反馈工作簿中至少要有一张自评表
