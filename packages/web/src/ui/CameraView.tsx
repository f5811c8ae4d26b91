// Live camera preview with guidance drawn over it, automatic capture when quality passes and a
// manual shutter that always works. Used for the face (front/rear) and fingers (rear + torch).
import { useEffect, useRef, useState } from 'preact/hooks';
import { grabLuma, openCamera, setTorch, stopCamera, takePhoto, torchSupported, type Facing, type Photo } from '../capture/camera.ts';
import { AutoCapture, assessFrame, guidanceText, type FrameAssessment } from '../capture/guidance.ts';
import type { FaceDetector } from '../capture/detector.ts';
import type { FingerCheck, FingerChecker } from '../capture/finger-check.ts';
import { captureParams as P } from '../capture/params.ts';
import type { Luma } from '../capture/measures.ts';

export interface CameraViewProps {
  kind: 'face' | 'finger';
  initialFacing: Facing;
  /** Optional on-device face detector; without it guidance uses image measures only. */
  detect?: FaceDetector;
  /** While the detector (face) or finger checker loads, automatic capture waits for it; if it failed, measures alone decide. */
  detectorState?: 'loading' | 'ready' | 'unavailable';
  /** On-device contactless finger check (finger camera only). */
  fingerCheck?: FingerChecker;
  position?: number;
  onCapture: (photo: Photo, assessment: FrameAssessment | null, auto: boolean) => void;
  onCancel: () => void;
}

export function CameraView({ kind, initialFacing, detect, detectorState = 'unavailable', fingerCheck, position = 0, onCapture, onCancel }: CameraViewProps) {
  const video = useRef<HTMLVideoElement>(null);
  const analysis = useRef<HTMLCanvasElement | null>(null);
  const [facing, setFacing] = useState<Facing>(initialFacing);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [assessment, setAssessment] = useState<FrameAssessment | null>(null);
  const [torch, setTorchOn] = useState(false);
  const [frameSize, setFrameSize] = useState({ w: 160, h: 120 });
  const [autoOn, setAutoOn] = useState(autoCapturePreference());
  const latest = useRef<FrameAssessment | null>(null);
  const done = useRef(false);

  useEffect(() => {
    let cancelled = false;
    let s: MediaStream | null = null;
    setError(null);
    openCamera(facing).then(async (opened) => {
      if (cancelled) { stopCamera(opened); return; }
      s = opened;
      setStream(opened);
      if (video.current) { video.current.srcObject = opened; await video.current.play().catch(() => undefined); }
      if (kind === 'finger') setTorchOn(await setTorch(opened, true));
    }).catch((e: unknown) => setError(e instanceof Error ? e.message : 'The camera could not be opened.'));
    return () => { cancelled = true; stopCamera(s); setStream(null); };
  }, [facing, kind]);

  useEffect(() => {
    if (!stream) return;
    analysis.current ??= document.createElement('canvas');
    const auto = new AutoCapture();
    let previous: Luma | null = null;
    let busy = false;
    let tick = 0;
    let finger: FingerCheck | null = null;
    let fingerBusy = false;
    const fingerEvery = Math.max(1, Math.round(P.analysisRate / P.fingerCheckRate));
    const timer = setInterval(async () => {
      const v = video.current;
      if (busy || done.current || !v || !analysis.current) return;
      busy = true;
      try {
        const frame = grabLuma(v, analysis.current);
        if (!frame) return;
        setFrameSize({ w: frame.width, h: frame.height });
        const t0 = performance.now();
        const face = kind === 'face' && detect ? await detect(v, frame.width, frame.height) : undefined;
        // Timings (no image data) for `npm run bench -w @candor/web`.
        if (face !== undefined) performance.measure('candor.detect', { start: t0, end: performance.now() });
        let a = assessFrame(frame, previous, face);
        previous = frame;
        if (kind === 'finger' && fingerCheck) {
          if (tick++ % fingerEvery === 0 && !fingerBusy) {
            // Runs in a worker; the preview keeps updating while it works.
            fingerBusy = true;
            const t1 = performance.now();
            fingerCheck(v, position).then((r) => {
              performance.measure('candor.finger-check', { start: t1, end: performance.now() });
              finger = r;
            }).catch(() => undefined).finally(() => { fingerBusy = false; });
          }
          // No automatic capture on measures alone before the first fingertip check has answered.
          a = finger
            ? { ...a, ok: a.ok && finger.ok, codes: [...finger.codes, ...a.codes.filter((c) => !finger!.codes.includes(c))], score: finger.score }
            : { ...a, ok: false, codes: ['CHECKING_FINGER', ...a.codes] };
        }
        latest.current = a;
        setAssessment(a);
        const mayAuto = autoOn && detectorState !== 'loading';
        if (auto.update(a.ok && mayAuto)) shoot(true);
      } finally {
        busy = false;
      }
    }, 1000 / P.analysisRate);
    return () => clearInterval(timer);
  }, [stream, kind, detect, fingerCheck, position, autoOn, detectorState]);

  function shoot(auto: boolean) {
    const v = video.current;
    if (!v || !v.videoWidth || done.current) return;
    done.current = true;
    onCapture(takePhoto(v), latest.current, auto);
  }

  const message = error
    ?? (!assessment ? 'Starting camera…'
      : assessment.ok ? (autoOn ? 'Good: taking the photo' : 'Good: press Take photo')
        : guidanceText[assessment.codes[0]]);
  const box = assessment?.box;
  return (
    <section class="camera" aria-label={kind === 'face' ? 'Face camera' : 'Finger camera'}>
      <div class="preview">
        <video ref={video} playsInline muted autoplay aria-hidden="true" class={facing === 'user' ? 'mirrored' : ''} />
        <svg class={'overlay' + (facing === 'user' ? ' mirrored' : '')} viewBox={`0 0 ${frameSize.w} ${frameSize.h}`} preserveAspectRatio="xMidYMid slice" aria-hidden="true">
          {kind === 'face' && !box && (
            <ellipse cx={frameSize.w / 2} cy={frameSize.h / 2} rx={frameSize.w * 0.2} ry={frameSize.h * 0.36} class={assessment?.ok ? 'guide ok' : 'guide'} />
          )}
          {box && <rect x={box.x} y={box.y} width={box.width} height={box.height} class={assessment?.ok ? 'box ok' : 'box'} />}
          {kind === 'finger' && <FingerGuide w={frameSize.w} h={frameSize.h} ok={!!assessment?.ok} />}
        </svg>
        <p class={'guidance' + (assessment?.ok ? ' ok' : '')} role="status" aria-live="polite" data-testid="guidance">{message}</p>
      </div>
      {kind === 'finger' && <p class="hint">Hold four fingers flat inside the outline, about 10 cm from the camera.</p>}
      {assessment && <p class="hint" data-testid="live-quality">Quality {assessment.score}/100</p>}
      <p class="hint meta" data-testid="detector-state">
        {kind === 'face'
          ? (detectorState === 'ready' ? 'On-device face detection on.'
            : detectorState === 'loading' ? 'Loading on-device face detection…'
              : 'Face detection unavailable: guidance from brightness and sharpness only.')
          : (detectorState === 'ready' ? 'On-device fingertip check on.'
            : detectorState === 'loading' ? 'Loading on-device fingertip check…'
              : 'Fingertip check unavailable: guidance from brightness and sharpness only.')}
      </p>
      <div class="actions">
        <button type="button" class="primary big" onClick={() => shoot(false)} disabled={!stream} data-testid="shutter">Take photo</button>
        <button type="button" onClick={() => setFacing(facing === 'user' ? 'environment' : 'user')}>
          {facing === 'user' ? 'Use rear camera' : 'Use front camera'}
        </button>
        {kind === 'finger' && stream && torchSupported(stream) && (
          <button type="button" aria-pressed={torch} onClick={async () => setTorchOn((await setTorch(stream, !torch)) ? !torch : torch)}>
            Torch {torch ? 'on' : 'off'}
          </button>
        )}
        <label class="check">
          <input type="checkbox" checked={autoOn} onChange={(e) => { setAutoOn(e.currentTarget.checked); saveAutoCapturePreference(e.currentTarget.checked); }} />
          Take the photo automatically when quality is good
        </label>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </section>
  );
}

/** Outline of four fingers: filling it puts the hand at the distance the pipeline expects. */
function FingerGuide({ w, h, ok }: { w: number; h: number; ok: boolean }) {
  // The portrait preview crops a landscape frame to its central 3:4 part: size to what is visible.
  const visible = Math.min(w, h * 0.75);
  const fw = visible * 0.17, gap = visible * 0.04, total = 4 * fw + 3 * gap, x0 = (w - total) / 2;
  return (
    <g class={ok ? 'guide ok' : 'guide'}>
      {[0.12, 0.04, 0.07, 0.18].map((drop, i) => (
        <rect key={i} x={x0 + i * (fw + gap)} y={h * (0.12 + drop)} width={fw} height={h * (0.7 - drop)} rx={fw / 2} />
      ))}
    </g>
  );
}

const AUTO_KEY = 'candor.autoCapture';

/** A UI preference only (no personal data), kept across sessions on this phone. */
function autoCapturePreference(): boolean {
  try { return localStorage.getItem(AUTO_KEY) !== 'off'; } catch { return true; }
}

function saveAutoCapturePreference(on: boolean): void {
  try { localStorage.setItem(AUTO_KEY, on ? 'on' : 'off'); } catch { /* private mode: keep the default */ }
}
