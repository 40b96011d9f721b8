/**
 * Reading the booking proof's QR code with the camera, where the browser has the BarcodeDetector
 * API (Chrome on Android and ChromeOS, Safari, Edge on some desks). Elsewhere the scan button
 * stays hidden: typing the registration number always works.
 */

const INTERVAL_MS = 250;

export function canScan() {
  return typeof globalThis.BarcodeDetector === "function" && Boolean(navigator.mediaDevices?.getUserMedia);
}

/**
 * Show the camera in `video` and look for QR codes; `onCode(text)` returns true when the code was
 * the one wanted (the camera then stops). Returns the function that stops the camera.
 */
export async function startScan(video, onCode) {
  const formats = await globalThis.BarcodeDetector.getSupportedFormats();
  if (!formats.includes("qr_code")) throw new Error("this browser's BarcodeDetector reads no QR codes");
  const detector = new globalThis.BarcodeDetector({ formats: ["qr_code"] });
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  let stopped = false;
  let timer = null;

  function stop() {
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  }

  video.srcObject = stream;
  await video.play();

  async function look() {
    if (stopped) return;
    try {
      const codes = await detector.detect(video);
      for (const code of codes) {
        if (code.rawValue && onCode(code.rawValue)) {
          stop();
          return;
        }
      }
    } catch {
      /* a frame that could not be read: try the next */
    }
    if (!stopped) timer = setTimeout(look, INTERVAL_MS);
  }
  look();
  return stop;
}
