// Pitcrew console: the little the server cannot render. Countdowns tick every second ("in 4m 10s", "12m ago"),
// and the live dot shows whether the page's one event stream is connected. No inline scripts (CSP).
(function () {
  "use strict";
  function format(ms) {
    var s = Math.round(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var text = d > 0 ? d + "d " + h + "h" : h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + r + "s" : r + "s";
    return ms >= 0 ? "in " + text : text + " ago";
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(at)) {
        var left = at - now;
        el.textContent = format(left);
        el.classList.toggle("overdue", left < 0);
      }
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
  // The page's one event stream announces topics (runs, incidents, ...). Fragments listen for them as body events
  // ("live:incidents from:body"), not through htmx-ext-sse's own "sse:" triggers: those bind only when the fragment
  // is processed after the stream opened, so a fragment loaded a moment before it would never refresh.
  var TOPICS = ["runs", "incidents", "tickets", "drills", "remediation"];
  // Announcements are numbered, per topic the number of the last one (see the refresh that was overtaken, below).
  var announced = 0;
  var lastAnnounced = {};
  document.addEventListener("htmx:sseOpen", function (e) {
    var source = e.detail && e.detail.source;
    if (source && !source.pitcrewTopics) {
      source.pitcrewTopics = true;
      TOPICS.forEach(function (topic) {
        source.addEventListener(topic, function () {
          lastAnnounced[topic] = ++announced;
          document.body.dispatchEvent(new CustomEvent("live:" + topic));
        });
      });
    }
  });
  // A change announced while a fragment's refresh is in flight is queued by htmx on that element, and the queue goes
  // with the element when the answer replaces it (hx-swap outerHTML): the page then showed the state read before
  // the change until the next change, which may never come (a deployment that reached its approval while its card
  // was being read stayed "Deploying" until someone reloaded). So each refresh remembers the last announcement it
  // was sent after, and a fragment whose refresh was overtaken by one of its topics is read once more.
  function liveTopics(elt) {
    var topics = [];
    var trigger = (elt.getAttribute && elt.getAttribute("hx-trigger")) || "";
    var pattern = /live:(\w+)/g;
    var match;
    while ((match = pattern.exec(trigger)) !== null) {
      topics.push(match[1]);
    }
    return topics;
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && (e.detail.target || e.detail.elt);
    if (elt) {
      elt.pitcrewSentAfter = announced;
    }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    // The request's own element when it is still on the page; once replaced, htmx tells its parent instead (an event
    // on a detached element reaches no listener), with the replaced element as the target.
    var elt = e.detail && (e.detail.target || e.detail.elt);
    if (!elt || elt.pitcrewSentAfter === undefined || !elt.id || document.body.contains(elt)) {
      return; // still on the page: htmx runs what it queued itself
    }
    var sentAfter = elt.pitcrewSentAfter;
    var overtaken = liveTopics(elt).some(function (topic) { return (lastAnnounced[topic] || 0) > sentAfter; });
    if (!overtaken) {
      return;
    }
    setTimeout(function () {
      var now = document.getElementById(elt.id);
      var path = now && now.getAttribute("hx-get");
      // As for a live refresh: not while someone has a confirmation open in it.
      if (path && !now.querySelector("details[open]")) {
        htmx.ajax("GET", path, { source: now, target: now, swap: "outerHTML" });
      }
    }, 0);
  });
  // A live refresh never replaces a fragment while someone has a confirmation open in it (on a phone, between the
  // two taps): on a busy server the fragment would otherwise close it again and again. It catches up at the next
  // change, and at once after the person's own action, whose answer triggers a refresh that is not a live one.
  document.addEventListener("htmx:configRequest", function (e) {
    var cause = e.detail && e.detail.triggeringEvent;
    var elt = e.detail && e.detail.elt;
    if (cause && cause.type && cause.type.indexOf("live:") === 0 && elt && elt.querySelector("details[open]")) {
      e.preventDefault();
    }
  });
  // "Show more" replaces the whole board (so live refreshes keep the same number of rows); keyboard and screen
  // reader users continue at the first row it added instead of at the top of the page.
  document.addEventListener("htmx:afterSettle", function (e) {
    var link = e.detail && e.detail.requestConfig && e.detail.requestConfig.elt;
    var from = link && link.getAttribute && link.getAttribute("data-focus-row");
    var board = from && document.querySelector(link.getAttribute("hx-target"));
    var row = board && board.querySelectorAll("[data-row]")[parseInt(from, 10)];
    if (row) {
      row.setAttribute("tabindex", "-1");
      row.focus();
    }
  });
  document.addEventListener("htmx:sseOpen", function () {
    var dot = document.getElementById("live-dot");
    if (dot) { dot.classList.add("on"); dot.title = "Live"; }
    document.body.setAttribute("data-live", "on");
  });
  document.addEventListener("htmx:sseError", function () {
    var dot = document.getElementById("live-dot");
    if (dot) { dot.classList.remove("on"); dot.title = "Reconnecting"; }
    document.body.setAttribute("data-live", "off");
  });
})();
