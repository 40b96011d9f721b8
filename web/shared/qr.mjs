/** A QR code as an inline SVG element, built from the vendored qrcode-generator (no HTML strings). */

import { qrcode } from "../vendor/qrcode.mjs";
import { svg } from "./dom.mjs";

/**
 * An <svg role="img"> of `text` with `label` as its accessible name and `margin` modules of quiet
 * zone (four on the citizen's proof; a receipt printer's ticket has a margin of its own).
 */
export function qrSvg(text, label, { margin = 4, className = "qr-code" } = {}) {
  const code = qrcode(0, "M"); // 0: the smallest version that fits; M: 15 % may be damaged
  code.addData(text);
  code.make();
  const count = code.getModuleCount();
  let d = "";
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (code.isDark(row, col)) d += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  const size = count + margin * 2;
  return svg(
    "svg",
    { viewBox: `0 0 ${size} ${size}`, class: className, role: "img", "aria-label": label, "shape-rendering": "crispEdges" },
    svg("rect", { width: size, height: size, fill: "#fff" }),
    svg("path", { d, fill: "#000" }),
  );
}
