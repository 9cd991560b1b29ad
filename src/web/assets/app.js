// evalsheet 网页工作台: receiving files dropped on the page, each with its own progress bar
// and its one-line answer. Files are sent one per request (a few at a time), so that each has
// its progress and a bad file cannot hold the others up.
(function () {
  "use strict";
  var zone = document.getElementById("drop");
  if (!zone) { return; }
  var input = document.getElementById("files");
  var list = document.getElementById("uploads");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var maxBytes = parseInt(zone.getAttribute("data-max-bytes"), 10);
  var maxFiles = parseInt(zone.getAttribute("data-max-files"), 10);
  var words = JSON.parse(document.getElementById("upload-words").textContent);
  var queue = [], running = 0, PARALLEL = 4, pending = 0;

  function row(file) {
    var li = document.createElement("li");
    var name = document.createElement("span");
    name.className = "name"; name.textContent = file.name; name.title = file.name;
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var answer = document.createElement("span");
    answer.className = "answer"; answer.textContent = words.waiting;
    li.appendChild(name); li.appendChild(bar); li.appendChild(answer);
    list.appendChild(li);
    return { li: li, bar: bar, answer: answer };
  }

  function done(r, cls, text) {
    r.li.className = cls; r.answer.textContent = text; r.bar.value = 100;
    running--; pending--; next();
    if (pending === 0) {
      document.body.dispatchEvent(new CustomEvent("received"));
      zone.setAttribute("data-idle", "1");
    }
  }

  function send(item) {
    var r = item.r, file = item.file;
    running++;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", zone.getAttribute("data-url"));
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { r.bar.value = Math.round(e.loaded / e.total * 95); }
    };
    r.answer.textContent = words.sending;
    xhr.onload = function () {
      var a = null;
      try { a = JSON.parse(xhr.responseText); } catch (e) { a = null; }
      if (a && a.answers && a.answers.length) {
        done(r, a.answers[0].class, a.answers[0].line);
      } else {
        done(r, "bad", (a && a.message) || words.failed + " (" + xhr.status + ")");
      }
    };
    xhr.onerror = function () { done(r, "bad", words.failed); };
    var fd = new FormData();
    fd.append("file", file, file.name);
    xhr.send(fd);
  }

  function next() {
    while (running < PARALLEL && queue.length) { send(queue.shift()); }
  }

  function take(files) {
    zone.setAttribute("data-idle", "0");
    var n = 0;
    for (var i = 0; i < files.length; i++) {
      var f = files[i], r = row(f);
      if (n >= maxFiles) { r.li.className = "bad"; r.answer.textContent = words.too_many; continue; }
      if (f.size > maxBytes) { r.li.className = "bad"; r.answer.textContent = words.too_big; continue; }
      n++; pending++;
      queue.push({ file: f, r: r });
    }
    if (pending === 0) { zone.setAttribute("data-idle", "1"); }
    next();
  }

  zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault(); zone.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files) { take(e.dataTransfer.files); }
  });
  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  var fallback = document.getElementById("upload-submit");
  if (fallback) { fallback.style.display = "none"; }
})();
