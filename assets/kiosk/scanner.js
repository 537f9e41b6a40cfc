// A barcode scanner in keyboard-wedge mode types what it read, fast, then
// Enter. scanner.listen(onScan) calls onScan(text) for such a burst. It
// stays out of the way of people: nothing is taken while a field has focus
// (the phone number, the PIN), and keys typed slower than a scanner's start
// the buffer again, so a tap or a hand on a keyboard never makes a scan.
const GAP_MS = 100; // scanners type a key every few ms; people rarely under 100 ms, never for long
const MIN_LENGTH = 12; // shorter bursts are not a ticket's address

function typing(el) {
  return el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function listen(onScan) {
  let buffer = "", last = 0;
  document.addEventListener("keydown", (e) => {
    if (typing(document.activeElement) || e.ctrlKey || e.altKey || e.metaKey) {
      buffer = "";
      return;
    }
    const now = performance.now();
    if (now - last > GAP_MS) buffer = "";
    if (e.key === "Enter") {
      if (buffer.length >= MIN_LENGTH) {
        e.preventDefault(); // not a press of the focused button
        onScan(buffer);
      }
      buffer = "";
    } else if (e.key.length === 1) {
      buffer += e.key;
      last = now;
      if (buffer.length > 1) e.preventDefault(); // a burst: no space presses a button
    }
  }, true);
}
