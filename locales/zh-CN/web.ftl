# The web desk (evalsheet serve): its pages, the answers to uploads, and what serve prints.

web-app = 绩效自评表收表台
web-year = { $year }年度
web-nav-dashboard = 总览
web-nav-downloads = 下载
web-nav-links = 单位链接
web-logout = 退出
web-who-office = 科室
web-who-unit = 单位：{ $unit }
web-unit-title = { $unit }的自评表
web-back = 返回总览

web-counts-progress = 共下发 { $issued } 张，已交回 { $received } 张，已通过 { $accepted } 张。

web-col-department = 主管部门
web-col-unit = 实施单位
web-col-project = 项目
web-col-state = 状态
web-col-versions = 版本数
web-col-errors = 错误
web-col-warnings = 警告
web-col-received = 交回时间
web-col-file = 文件
web-col-reason = 原因
web-filter-all = 全部
web-filter-apply = 筛选
web-filter-reset = 清除筛选
web-forms-title = 下发的表：{ $count } 张
web-forms-none = 没有符合条件的表。
web-flag-stale = 旧版
web-flag-forbidden = 改动了科室内容 { $count } 处
web-apart-title = 另列的文件（不计入）：{ $count } 个

web-drop-title = 接收交回的表
web-drop-hint = 把交回的表格文件（.xlsx、.xls、.ods）拖到这里，可以一次拖入多个；也可以点下面的按钮选择文件。
web-drop-submit = 上传
web-drop-limits = 每个文件不超过 { $mb } MB，一次最多 { $max } 个文件。
web-upload-waiting = 等待上传
web-upload-sending = 正在上传……
web-upload-failed = 上传失败，请重试
web-upload-too-big = 文件超过 { $mb } MB，没有上传
web-upload-too-many = 一次最多上传 { $max } 个文件，这个没有上传
web-upload-not-yours = { $file }：表中的实施单位是“{ $found }”，不是贵单位（{ $unit }），没有接收。请只上传本单位的表。
web-upload-unreadable-unit = { $file }：读不出这个文件中的自评表，没有接收。请上传本单位填好的自评表（.xlsx、.xls 或 .ods）。
web-upload-none = 没有收到文件。请选择要上传的表格文件。
web-upload-results = 接收结果：{ $count } 个文件

web-form-file = 文件
web-tab-current = 交回的表
web-tab-issued = 与下发版对比
web-tab-last-year = 与上年对比
web-tab-version = 第 { $n } 版
web-legend-issued = 与下发的表对比：红色删除线是下发时的内容，绿色是单位改成的内容（只比较科室确定的内容）。
web-legend-last-year = 与上年的表对比：红色删除线是上年的内容，绿色是今年的内容。
web-legend-none = 没有上年的表可以对比。
web-findings-title = 发现的问题（{ $count }）
web-findings-none = 未发现问题。
web-severity-error = 错误
web-severity-warning = 警告
web-party-unit = 由单位修改
web-party-office = 科室填写的内容
web-errors = 错误 { $count }
web-warnings = 警告 { $count }
web-versions-title = 交回的版本
web-versions-none = 还没有交回。
web-stale-short = 旧版下发表
web-note-missing = 这张表还没有交回，下面是下发的表。
web-note-stale = 单位用的是旧版下发表，与现在下发的表不同：{ $what }
web-note-forbidden = 单位改动了科室确定的内容 { $count } 处，汇总时按下发的数为准（见“与下发版对比”）。
web-note-comment = 退回意见：{ $comment }
web-review-title = 审核
web-review-comment = 退回意见（写入给单位的反馈表）
web-review-return = 退回修改
web-review-accept = 通过
web-review-accepted = 已通过：{ $project }（{ $unit }）。
web-review-returned = 已退回修改：{ $project }（{ $unit }）。反馈表中会写明退回意见。
web-review-need-comment = 退回修改时请写明要单位改什么。

web-downloads-title = 下载
web-dl-summary = 汇总表（.xlsx）
web-dl-chase = 催报名单（.xlsx）
web-dl-blank = 空白表（.zip）
web-dl-feedback = 反馈表（.xlsx）
web-dl-no-feedback = { $unit }没有需要修改的问题，不需要反馈表。
web-dl-no-blank = 没有下发给{ $unit }的表。
web-chase-sheet = 催报名单
web-chase-title = { $year }年度自评表催报名单
web-chase-days = 下发后天数

web-links-title = 单位链接
web-links-intro = 为单位生成专用链接后，单位用这个链接只能上传、查看本单位的表和发现的问题，不能审核，也看不到其他单位的任何内容。链接相当于密码，请只发给该单位；收回后链接立即失效。
web-links-link = 链接
web-links-make = 生成链接
web-links-withdraw = 收回
web-links-none = 未生成

web-login-title = 登录
web-login-password = 科室密码
web-login-submit = 登录
web-login-wrong = 密码不对，请重新输入。
web-login-no-password = 请用启动收表台时显示的地址打开本页面（地址中带有登录码）。

web-error-not-found = 找不到这个页面，或者您无权查看。
web-error-forbidden = 您无权进行这个操作。
web-error-csrf = 页面已过期或来源不明，没有执行。请刷新页面后重试。
web-error-too-big = 上传的内容太大：每个文件不超过 { $mb } MB，一次最多 { $max } 个文件。
web-error-trouble = 出了问题：{ $message }

web-serve-url = 网页收表台已启动，请在浏览器中打开：{ $url }
web-serve-stop = 按 Ctrl+C 停止。这个地址带有登录码，请不要发给别人。
web-serve-need-password = 在 { $addr } 上监听（不只是本机）需要先设置科室密码：evalsheet serve { $desk } --set-password
web-serve-password-prompt = 请输入科室密码（至少 8 个字符），按回车结束：
web-serve-password-short = 密码至少要 8 个字符，没有设置。
web-serve-password-set = 科室密码已设置。在本机以外的地址上监听时，需要用这个密码登录。
web-serve-browser-failed = 没能自动打开浏览器，请手动打开上面的地址。
web-serve-listen-failed = 无法在 { $addr } 上监听：{ $message }

web-audit-sign-in = 登录网页收表台
web-audit-wrong-password = 网页登录失败：密码不对
web-audit-blank = 下载空白表：{ $unit }
web-audit-feedback = 下载反馈表：{ $unit }
web-audit-summary = 下载汇总表
web-audit-chase = 下载催报名单
