# What every command says in common (src/cmd/mod.rs): files it could not read, outputs it will
# not overwrite, files it passed over, and the name on its progress bar.

cmd-unreadable-definitions = { $count ->
    [one] 1 definition file could not be read; nothing was written. Correct it as said above and run again.
   *[other] { $count } definition files could not be read; nothing was written. Correct each as said above and run again.
}
cmd-nothing-written = Nothing was written.
cmd-more-existing = … and { $count } more exist.
cmd-use-force-workbooks = Nothing was written: these workbooks exist. Add --force to replace them.
cmd-use-force-files = Nothing was written: these files exist. Add --force to replace them.
cmd-skipped = Skipped { $count } file(s) or folder(s) in the folders: { $list }{ $more }.
cmd-skipped-more = , and { $count } more
cmd-skipped-item = { $path } ({ $reason })
cmd-progress-generate = generate
cmd-progress-import = import
cmd-progress-diff = diff
cmd-progress-check = check
cmd-progress-collect = collect
cmd-standard-output = standard output
