# What the commands say on standard error: progress, closing lines, refusals (src/cmd/).

cmd-prefix = evalsheet：
cmd-standard-output = 标准输出
cmd-definitions-unreadable = { $count } 个定义文件无法读取，什么都没有写入。请按上面的提示改正后再运行。
cmd-nothing-written = 什么都没有写入。
cmd-nothing-written-force = 什么都没有写入；要替换已有的{ $what }，请加上 --force。
cmd-and-more = ……另有 { $count } 个。
cmd-what-workbooks = 工作簿
cmd-what-files = 文件
cmd-skipped-item = { $file }（{ $reason }）
cmd-skipped = 跳过了文件夹中的 { $count } 个文件或文件夹：{ $list }。
cmd-skipped-more = 跳过了文件夹中的 { $count } 个文件或文件夹：{ $list }，另有 { $more } 个。

# Progress bars: what is being done.
progress-generate = 生成
progress-import = 读取
progress-check = 检查
progress-diff = 对比
progress-collect = 汇总

# generate
generate-done = 已写入 { $written } 个工作簿（共 { $forms } 张自评表），位于 { $folder }。
generate-done-failed = 已写入 { $written } 个工作簿（共 { $forms } 张自评表），位于 { $folder }；另有 { $failed } 个无法写入（见上文）。
generate-too-large = 它的 { $indicators } 个指标会生成 { $rows } 行、{ $cells } 个单元格的表，超过了 import 能读取的 { $max_rows } 行或 { $max_cells } 个单元格，交回后将无法读回；请把指标分到几个项目中

# import
import-done = 已从 { $files } 个文件中读取 { $forms } 张自评表。
import-failed = { $count } 个文件无法读取。
import-passed-over = 跳过了文件夹中 { $count } 个不是工作簿（.xlsx、.xlsm、.xls、.ods）的文件：{ $list }
import-passed-over-more = 跳过了文件夹中 { $count } 个不是工作簿（.xlsx、.xlsm、.xls、.ods）的文件：{ $list } 等
import-warning = { $file } 工作表“{ $sheet }”：{ $warning }。
import-no-year = 工作表“{ $sheet }”上没有写年度（没有下达标记，表上方没有“（2022年度）”这样的字样，文件名中也没有年份）；请用 --year 指定，如 --year 2022

# diff
diff-unreadable = 有文件无法读取，没有进行对比。
diff-wrote-report = 对比报告已写入 { $file }。

# check
check-summary = 共检查 { $files } 个文件中的 { $forms } 张表：
check-summary-clean = 未发现问题。
check-summary-found = 错误 { $errors } 个，警告 { $warnings } 个。
check-summary-found-explain = 错误 { $errors } 个，需说明 { $explain } 个（另有 { $explained } 个已说明），警告 { $warnings } 个。
check-summary-unreadable = 另有 { $count } 个文件无法读取（见错误输出）。

# collect
collect-out-is-folder = 是一个文件夹；请给出汇总表的文件名，如 -o 汇总表.xlsx
collect-out-not-xlsx = 不是 .xlsx 文件名；请给出以 .xlsx 结尾的汇总表文件名，如 -o 汇总表.xlsx
collect-nothing = 没有找到可汇总的工作簿（.xlsx、.xlsm、.xls、.ods）
collect-done = 已汇总 { $files } 个文件中的 { $forms } 张自评表，发现问题 { $findings } 个（错误 { $errors } 个，警告 { $warnings } 个）
collect-done-failed = ；{ $failed } 个文件未能读取（见“{ $sheet }”）
collect-done-written = 。汇总表已写入 { $file }。

# new
new-done = 空白定义已写入 { $file }。
new-nothing-written = 什么都没有写入；要替换它，请加上 --force。

# rollover
rollover-done = 已为 { $year } 年度写入 { $count } 个定义，位于 { $folder }。
rollover-not-earlier = year（年度）为 { $year }，不早于 --year { $target }：rollover 是用上一年度的定义生成下一年度的定义
rollover-nothing-written = 什么都没有写入；请给出晚于 { $latest } 的 --year。
# The comment lines at the top of the blank definition (each becomes a `# ` line).
new-header =
    项目支出绩效自评表 — 项目定义（由 evalsheet new 生成）
    每个键后面的注释是它在表上的栏目名称。标有“单位填写”的栏目由实施单位填写，下达时留空。
    金额以万元为单位，可带小数（如 273.89）；不填的金额留空，不要写 0。
    绩效指标按标准指标体系各列一行，不需要的行请删除，需要的行可以复制。
