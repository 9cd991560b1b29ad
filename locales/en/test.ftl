# Used by the catalogue's own tests and doc example.
test-greeting = Hello, { $name }: { $count ->
    [one] { $count } file
   *[other] { $count } files
}.
