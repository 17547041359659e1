// The live page: new comments arrive through Server-Sent Events (hiroba/events/live/stream.py)
// and are built as text, never as HTML; posting and moderating go through fetch, and the
// forms still work without this script.
(function () {
  "use strict";

  function init() {
    var list = document.getElementById("live-comments");
    if (!list) return;
    var notice = document.getElementById("live-notice");
    var moderator = list.dataset.moderator === "1";
    var hideTemplate = document.getElementById("live-hide-template");

    function nearBottom() {
      return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    }

    function say(text, isError) {
      if (!notice) return;
      notice.textContent = text || "";
      notice.className = "small " + (isError ? "text-danger" : "text-body-secondary");
    }

    function add(comment) {
      if (document.getElementById("live-comment-" + comment.id)) return;
      var stick = nearBottom();
      var empty = list.querySelector(".live-empty");
      if (empty) empty.remove();
      var item = document.createElement("li");
      item.className = "live-comment py-1";
      item.id = "live-comment-" + comment.id;
      item.dataset.id = String(comment.id);
      var author = document.createElement(comment.url ? "a" : "span");
      author.className = "fw-semibold small";
      if (comment.url) author.href = comment.url;
      author.textContent = comment.author;
      var time = document.createElement("time");
      time.className = "text-body-secondary small";
      time.dateTime = comment.at;
      time.textContent = comment.time;
      var body = document.createElement("span");
      body.className = "live-body d-block text-break";
      body.textContent = comment.body;
      item.append(author, " ", time, body);
      if (moderator && hideTemplate) {
        var form = hideTemplate.content.firstElementChild.cloneNode(true);
        form.action = list.dataset.hideUrl.replace("/0/hide", "/" + comment.id + "/hide");
        item.append(form);
      }
      var next = null;
      for (var child = list.lastElementChild; child; child = child.previousElementSibling) {
        if (Number(child.dataset.id) > comment.id) next = child;
        else break;
      }
      list.insertBefore(item, next);
      if (stick) list.scrollTop = list.scrollHeight;
    }

    function drop(id) {
      var item = document.getElementById("live-comment-" + id);
      if (item) item.remove();
    }

    list.scrollTop = list.scrollHeight;

    if (window.EventSource) {
      var source = new EventSource(list.dataset.streamUrl + "?after=" + encodeURIComponent(list.dataset.after));
      source.addEventListener("comment", function (event) { add(JSON.parse(event.data)); });
      source.addEventListener("hide", function (event) { drop(JSON.parse(event.data).id); });
    }

    function send(form) {
      return fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return { ok: response.ok, data: data };
        });
      });
    }

    var form = document.getElementById("live-form");
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        button.disabled = true;
        send(form).then(function (result) {
          if (result.ok) {
            form.reset();
            if (result.data.status === "published") add(result.data.comment);
            say(result.data.message || "", false);
          } else {
            say(result.data.message || document.body.dataset.serverError, true);
          }
        }, function () {
          say(document.body.dataset.networkError, true);
        }).finally(function () { button.disabled = false; });
      });
    }

    list.addEventListener("submit", function (event) {
      var target = event.target;
      if (!target.matches(".live-hide, .live-approve")) return;
      event.preventDefault();
      send(target).then(function (result) {
        if (!result.ok) { say(result.data.message || document.body.dataset.serverError, true); return; }
        var item = target.closest(".live-comment");
        if (target.matches(".live-hide")) { if (item) item.remove(); return; }
        var badge = item && item.querySelector(".badge");
        if (badge) badge.remove();
        target.remove();
      }, function () { say(document.body.dataset.networkError, true); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
