// Agenda Lampung embeds: fits each Agenda Lampung frame on this page to the
// height of its content. Optional: without it a frame keeps the height its
// HTML gives it, and scrolls. Sets no cookie and sends nothing anywhere.
//
// A message is used only when it comes from the origin this script was
// loaded from (the Agenda Lampung site) and from one of this page's frames,
// whose height it then sets; anything else is ignored.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var MAX_HEIGHT = 20000;
  window.addEventListener("message", function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "agenda-lampung:height") return;
    var height = Math.ceil(Number(data.height));
    if (!(height > 0)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.min(height, MAX_HEIGHT) + "px";
        return;
      }
    }
  });
})();
