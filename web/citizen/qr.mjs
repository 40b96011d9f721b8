/** A QR code as an inline SVG element, built from the vendored qrcode-generator (no HTML strings). */

import { qrcode } from "../vendor/qrcode.mjs";

const SVG = "http://www.w3.org/2000/svg";

/** An <svg role="img"> of `text` with `label` as its accessible name; four modules of quiet zone. */
export function qrSvg(text, label) {
  const code = qrcode(0, "M"); // 0: the smallest version that fits; M: 15 % may be damaged
  code.addData(text);
  code.make();
  const count = code.getModuleCount();
  const margin = 4;
  const size = count + margin * 2;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.classList.add("qr-code");
  const background = document.createElementNS(SVG, "rect");
  background.setAttribute("width", String(size));
  background.setAttribute("height", String(size));
  background.setAttribute("fill", "#fff");
  const path = document.createElementNS(SVG, "path");
  let d = "";
  for (let row = 0; row < count; row += 1) {
    for (let col = 0; col < count; col += 1) {
      if (code.isDark(row, col)) d += `M${col + margin} ${row + margin}h1v1h-1z`;
    }
  }
  path.setAttribute("d", d);
  path.setAttribute("fill", "#000");
  svg.append(background, path);
  return svg;
}
