# What every command says in common (src/cmd/mod.rs): files it could not read, outputs it will
# not overwrite, files it passed over, and the name on its progress bar.

cmd-unreadable-definitions = 有 { $count } 个定义文件无法读取，什么也没有写入。请按上面的说明逐一改正后再运行。
cmd-nothing-written = 什么也没有写入。
cmd-more-existing = …… 另有 { $count } 个已存在。
cmd-use-force-workbooks = 什么也没有写入：这些工作簿已存在。如要替换，请加上 --force。
cmd-use-force-files = 什么也没有写入：这些文件已存在。如要替换，请加上 --force。
cmd-skipped = 文件夹中跳过了 { $count } 个文件或文件夹：{ $list }{ $more }。
cmd-skipped-more = ，另有 { $count } 个
cmd-skipped-item = { $path }（{ $reason }）
cmd-progress-generate = 生成
cmd-progress-import = 读取
cmd-progress-diff = 对比
cmd-progress-check = 检查
cmd-progress-collect = 汇总
cmd-standard-output = 标准输出
