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
web-page-of = 第 { $page }/{ $pages } 页（第 { $first }–{ $last } 张，共 { $count } 张）
web-page-previous = 上一页
web-page-next = 下一页
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
web-chase-issued = 下发日期
web-chase-subtitle = 未交回 { $missing } 张，退回修改待重交 { $returned } 张

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
web-serve-stop-window = 关闭这个窗口即停止收表台。这个地址带有登录码，请不要发给别人。
web-serve-not-a-desk = 这个文件夹不是收表台，也不是空文件夹。请给出收表台的文件夹，或一个新的（不存在或空的）文件夹，在网页上新建收表台。
web-serve-setup-here = 新建收表台要在本机上进行：请去掉 --public 和 --listen，在本机浏览器中建立收表台，设置科室密码后再提供给其他电脑。
web-serve-browser-failed = 没能自动打开浏览器，请手动打开上面的地址。
web-serve-listen-failed = 无法在 { $addr } 上监听：{ $message }

web-audit-sign-in = 登录网页收表台
web-audit-wrong-password = 网页登录失败：密码不对
web-audit-blank = 下载空白表：{ $unit }
web-audit-feedback = 下载反馈表：{ $unit }
web-audit-summary = 下载汇总表
web-audit-chase = 下载催报名单

# 新建收表台 (src/web/setup.rs)
web-nav-new-year = 新年度
web-setup-title = 新建收表台
web-setup-intro = 这里还没有这一年度的收表台。选择项目定义、填写年度，即可建立收表台：项目定义会先检查，然后按定义发出空白自评表，之后各单位交回的表都在这里登记、审核和汇总。
web-setup-where = 收表台将保存在：{ $folder }
web-setup-desk-folder = { $year }年收表台
web-setup-year-placeholder = 年度
web-setup-defs = 项目定义
web-setup-defs-hint = 选择项目定义文件（.yaml）或项目清单（.xlsx），可一次选择多个；每个文件不超过 { $mb } MB，最多 { $max } 个。
web-setup-kept = 沿用上次选择的 { $count } 个文件：{ $names }。重新选择文件则替换它们。
web-setup-kept-rules = 沿用上次选择的审核规则：{ $name }。
web-setup-and-more = 等，共另 { $count } 个
web-setup-folder = 或者填写本机上存放项目定义的文件夹：
web-setup-folder-example = 例如 D:\绩效自评\2022项目定义
web-setup-year = 年度
web-setup-year-hint = 不填则取项目定义中的年度。
web-setup-by = 发表方式
web-setup-by-project = 每个项目一个工作簿
web-setup-by-unit = 每个实施单位一个工作簿（一个单位的各项目各占一张工作表）
web-setup-rules = 审核规则（可不选）
web-setup-rules-hint = 科室自己的审核公式（.yaml）。选择后，收到的每张表都按它审核。
web-setup-allow-errors = 项目定义有错误时仍然建立收表台并发表
web-setup-submit = 建立收表台
web-setup-no-definitions = 还没有选择项目定义。请选择项目定义文件或项目清单，或填写本机上存放项目定义的文件夹。
web-setup-not-definition = “{ $file }”不是项目定义文件。请选择 .yaml 项目定义文件或 .xlsx 项目清单。
web-setup-too-big = 文件太大或太多：每个文件不超过 { $mb } MB，一次最多 { $max } 个。项目很多时请用项目清单，或填写本机上的文件夹。
web-setup-unreadable = 下列项目定义读不出来，收表台没有建立。请改正后重新提交：
web-setup-years-differ = 项目定义的年度不一致（{ $years }），请在“年度”中填写收表台的年度。
web-setup-bad-year = 年度“{ $year }”不对，请填写四位数的年份，例如 2022。
web-setup-bad-rules = 审核规则读不出来，收表台没有建立。请改正规则文件，或不选审核规则：
web-setup-has-errors = 项目定义中有 { $count } 处错误（见下），收表台没有建立。请改正项目定义后重新提交；确需先发表的，勾选“项目定义有错误时仍然建立收表台并发表”。
web-setup-findings = 项目定义检查结果（{ $count } 条，均由科室改正）
web-setup-failed = 收表台没有建立：
web-setup-done = 收表台已建立：{ $year } 年度，发出 { $count } 张自评表（{ $files } 个工作簿），保存在 { $folder }。
web-setup-open = 进入总览
web-setup-busy = 正在建立收表台，请稍候再提交。
launch-home = 收表台保存在 { $folder }，正在浏览器中打开……
web-dl-blank-name = { $unit }_空白表.zip

# A desk's audit rules (/rules)
web-nav-rules = 审核规则
web-rules-title = 审核规则
web-rules-intro = 收到的每张表除了内置的检查外，还按这里的审核规则（审核公式）审核。更换后的规则只用于此后收到的表；已收到的表保留收到时的审核结果。被替换的规则保存在收表台的 rules-replaced 文件夹中。
web-rules-current = 正在使用：{ $name }（{ $count } 条）
web-rules-none = 没有使用审核规则，只做内置的检查。
web-rules-col-id = 编号
web-rules-col-severity = 级别
web-rules-col-party = 由谁改正
web-rules-col-scope = 范围
web-rules-col-condition = 条件
web-rules-severity-error = 强制
web-rules-severity-explain = 需说明
web-rules-severity-hint = 提示
web-rules-party-any = 所指栏目的填写方
web-rules-scope-form = 每张表
web-rules-scope-indicator = 每个指标
web-rules-scope-line = 每行资金
web-rules-choose = 新的规则文件（.yaml）：
web-rules-replace = 更换规则
web-rules-remove = 停用规则
web-rules-replaced = 审核规则已更换为“{ $name }”（{ $count } 条），用于此后收到的表。
web-rules-removed = 已停用审核规则。此后收到的表只做内置的检查。
web-rules-no-file = 请先选择规则文件（.yaml）。
web-rules-bad = “{ $file }”中有错误，规则没有更换：
launch-guide-help = 用法说明：在命令窗口中输入 evalsheet.exe help
launch-guide-files = 使用手册：本文件夹中的 { $files }（可用记事本打开）
launch-guide-and = {" 和 "}
launch-here = （{ $folder }）
launch-welcome =
    evalsheet — 项目支出绩效自评表工具 { $version }

    没能在浏览器中打开收表台（原因见上）。

    evalsheet 也可以在命令窗口中使用：
      1. 在资源管理器中打开本程序所在的文件夹{ $here }；
      2. 在地址栏中输入 cmd 并按回车（或在文件夹空白处按住 Shift 点右键，
         选择“在此处打开 PowerShell 窗口”或“在终端中打开”）；
      3. 在打开的窗口中输入命令，例如：
           evalsheet.exe help
           evalsheet.exe serve 收表台
           evalsheet.exe generate examples\2022 -o 表格
         第二条命令在浏览器中打开（或新建）“收表台”文件夹中的收表台；
         第三条把示例 examples\2022 中的项目定义生成自评表，放到“表格”文件夹。

    { $guide }

    按回车键关闭此窗口。
web-rules-recheck = 重新审核已收到的表
web-rules-recheck-hint = 按现行的内置检查和审核规则，重新审核每张已收到的表（最新一版）；审核状态（已通过、退回修改）不变。
web-rules-rechecked = 已按现行规则重新审核 { $count } 张已收到的表。

# Forms added to a desk (/issue)
web-nav-issue = 补发
web-issue-title = 补发表格
web-issue-intro = 年内新增的项目，在这里补发空白表：选择这些项目的定义，检查后把空白表写在收表台的 issued 文件夹中原有的表旁边，发给相应的单位。已下发过的项目不能再补发。
web-issue-allow-errors = 项目定义有错误时仍然补发
web-issue-submit = 补发
web-issue-done = 已补发 { $count } 张表（{ $files } 个工作簿），在收表台的 issued 文件夹中。
web-issue-failed = 没有补发：
