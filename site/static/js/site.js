// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Copy a feed address to the clipboard from the "Subscribe" menu.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var status = document.getElementById(button.getAttribute("aria-controls"));
      if (status) status.textContent = button.getAttribute("data-copied") || "";
    });
  });

  // Month grid: one tab stop for the days, arrow keys move a day or a week,
  // Home and End go to the ends of the week. Links inside a day keep their
  // own focus and keys.
  var grid = document.querySelector(".month-grid");
  if (grid) {
    var days = Array.prototype.slice.call(grid.querySelectorAll("td[data-day]"));
    // Phones leave out the days without events: keys skip what is not shown.
    var shown = function (cell) { return cell.offsetParent !== null; };
    var start = grid.querySelector("td[data-day][aria-current='date']") || days.filter(shown)[0] || days[0];
    days.forEach(function (cell) {
      cell.tabIndex = cell === start ? 0 : -1;
    });
    if (days.length) grid.setAttribute("aria-describedby", "month-grid-help");
    grid.addEventListener("keydown", function (event) {
      var cell = event.target;
      var index = days.indexOf(cell);
      if (index < 0) return;
      var row = Array.prototype.slice.call(cell.parentElement.querySelectorAll("td[data-day]"));
      var moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
      var next = null;
      if (event.key in moves) next = days[index + moves[event.key]];
      else if (event.key === "Home") next = row[0];
      else if (event.key === "End") next = row[row.length - 1];
      if (next && !shown(next)) {
        var step = days.indexOf(next) > index ? 1 : -1;
        var at = days.indexOf(next);
        while (days[at] && !shown(days[at])) at += step;
        next = days[at];
      }
      if (!next) return;
      event.preventDefault();
      cell.tabIndex = -1;
      next.tabIndex = 0;
      next.focus();
    });
  }
})();
