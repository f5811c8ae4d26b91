// The field app: one screen at a time, state held here. Sign-in token and the offline-queue key
// live only in memory, so closing the app ends the session and makes queued captures unreadable.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiClient, ApiError } from '../api/client.ts';
import type { LoginResponse, Purpose, Registry, SearchRequest, SearchResponse } from '../api/types.ts';
import { OfflineQueue, type QueueStore, type SubmitOutcome } from '../offline/queue.ts';
import { SessionSealer } from '../offline/sealer.ts';
import { CameraView } from './CameraView.tsx';
import { loadFaceDetector, type FaceDetector } from '../capture/detector.ts';
import { loadFingerChecker, type FingerChecker } from '../capture/finger-check.ts';
import { Encounter, type EncounterInfo } from './Encounter.tsx';
import { Hub, type Captures, type QueueView } from './Hub.tsx';
import { Login } from './Login.tsx';
import { Results } from './Results.tsx';

type Screen =
  | { name: 'login' } | { name: 'encounter' } | { name: 'hub' }
  | { name: 'face' } | { name: 'finger'; position: number }
  | { name: 'searching' } | { name: 'results'; result: Done };

interface Session { login: LoginResponse; purposes: Purpose[]; registries: Registry[]; queue: OfflineQueue<Queued> }
/** A queued search, bound to the user who captured it: it is only ever sent under their name. */
interface Queued { request: SearchRequest; probe?: string; userId: string }
interface Done { id: string; request: SearchRequest; response: SearchResponse; probe?: string }

const RETRY_MS = 15_000;

export function App({ api, store }: { api: ApiClient; store: QueueStore }) {
  const [screen, setScreen] = useState<Screen>({ name: 'login' });
  const [session, setSession] = useState<Session | null>(null);
  const [encounter, setEncounter] = useState<EncounterInfo | null>(null);
  const [captures, setCaptures] = useState<Captures>({ fingers: [] });
  const [online, setOnline] = useState(navigator.onLine);
  const [error, setError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [ready, setReady] = useState<Done[]>([]);
  const [queueNote, setQueueNote] = useState<string | null>(null);
  const replaying = useRef(false);
  const sealer = useRef<SessionSealer | null>(null);
  const [signInNote, setSignInNote] = useState<string | null>(null);
  const [detector, setDetector] = useState<{ state: 'loading' | 'ready' | 'unavailable'; detect?: FaceDetector }>({ state: 'loading' });

  useEffect(() => {
    if (screen.name !== 'face' || detector.state === 'ready') return;
    setDetector({ state: 'loading' });
    const t0 = performance.now();
    loadFaceDetector()
      .then((detect) => { performance.measure('candor.detector-load', { start: t0, end: performance.now() }); setDetector({ state: 'ready', detect }); })
      .catch(() => setDetector({ state: 'unavailable' }));
  }, [screen.name]);
  const [fingerChecker, setFingerChecker] = useState<{ state: 'loading' | 'ready' | 'unavailable'; check?: FingerChecker }>({ state: 'loading' });
  useEffect(() => {
    if (screen.name !== 'finger' || fingerChecker.state === 'ready') return;
    setFingerChecker({ state: 'loading' });
    loadFingerChecker()
      .then((check) => setFingerChecker({ state: 'ready', check }))
      .catch(() => setFingerChecker({ state: 'unavailable' }));
  }, [screen.name]);

  const training = encounter?.training ?? false;
  const roles = session?.login.user.roles ?? [];
  const trainingOnly = roles.includes('trainee') && !roles.some((r) => r === 'operator' || r === 'supervisor');
  const searchable = useMemo(
    () => (session?.registries ?? []).filter((r) => r.canSearch && r.training === training),
    [session, training],
  );

  async function signedIn(login: LoginResponse) {
    const [purposes, registries] = await Promise.all([api.purposes(), api.registries()]);
    // One key per app session: kept across a re-sign-in after the token expired (queued captures
    // stay readable), dropped on explicit sign-out.
    sealer.current ??= await SessionSealer.create();
    const queue = new OfflineQueue<Queued>(store, sealer.current);
    setSession({ login, purposes, registries, queue });
    setScreen({ name: 'encounter' });
    void refreshQueue(queue);
  }

  async function refreshQueue(queue = session?.queue) {
    if (queue) setWaiting((await queue.pending()).length);
  }

  async function submit(request: SearchRequest): Promise<SubmitOutcome<SearchResponse>> {
    try {
      return { kind: 'done', result: await api.search(request) };
    } catch (e) {
      if (e instanceof ApiError && e.isNetwork) return { kind: 'offline' };
      // Session expired: keep queued searches and stop; they go out after the next sign-in.
      if (e instanceof ApiError && e.status === 401) return { kind: 'offline' };
      return { kind: 'failed', message: e instanceof Error ? e.message : 'Search failed.' };
    }
  }

  async function replay() {
    if (!session || replaying.current || !navigator.onLine) return;
    replaying.current = true;
    try {
      const me = session.login.user.id;
      const report = await session.queue.replay(async (q) => (q.userId === me ? submit(q.request)
        : { kind: 'failed', message: 'saved by another user; not sent under your name' }));
      const done = report.done.map((d): Done => ({ id: d.id, request: d.payload.request, probe: d.payload.probe, response: d.result }));
      if (done.length) setReady((r) => [...r, ...done]);
      const notes: string[] = [];
      if (report.failed.length) notes.push(`${report.failed.length} saved search(es) were refused by the server: ${report.failed[0].message}`);
      if (report.expired) notes.push(`${report.expired} saved search(es) were older than 24 hours and were discarded.`);
      if (report.unreadable) notes.push(`${report.unreadable} saved search(es) from an earlier session could not be opened and were discarded.`);
      if (done.length) notes.unshift(`${done.length} saved search${done.length > 1 ? 'es were' : ' was'} sent.`);
      if (notes.length) setQueueNote(notes.join(' '));
      await refreshQueue();
    } finally {
      replaying.current = false;
    }
  }

  // Right after (re-)sign-in, send what was saved while signed out or offline.
  useEffect(() => { if (session) void replay(); }, [session]);

  useEffect(() => {
    const up = () => { setOnline(true); void replay(); };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => { if (waiting > 0) void replay(); }, RETRY_MS);
    return () => { window.removeEventListener('online', up); window.removeEventListener('offline', down); clearInterval(timer); };
  }, [session, waiting]);

  async function search(registries: string[], reason?: string) {
    if (!session || !encounter) return;
    const request: SearchRequest = { registries, purpose: encounter.purpose, caseRef: encounter.caseRef };
    if (reason) request.reason = reason;
    if (captures.face) request.face = { image: captures.face.photo.base64 };
    if (captures.fingers.length) {
      request.fingers = captures.fingers.map((f) => ({ position: f.position, image: f.photo.base64, dpi: f.dpi, contactless: f.contactless }));
    }
    const probe = captures.face?.photo.dataUrl ?? captures.fingers[0]?.photo.dataUrl;
    setError(null);
    if (!navigator.onLine) return queueSearch(request, probe);
    setScreen({ name: 'searching' });
    const outcome = await submit(request);
    if (outcome.kind === 'done') {
      setCaptures({ fingers: [] });
      setScreen({ name: 'results', result: { id: outcome.result.searchId, request, response: outcome.result, probe } });
    } else if (outcome.kind === 'offline' && !api.signedIn) {
      // The session expired (401): save the search and ask for a new sign-in.
      await queueSearch(request, probe);
      setSignInNote('Your session expired. Sign in again; your saved search will then be sent.');
      setScreen({ name: 'login' });
    } else if (outcome.kind === 'offline') {
      await queueSearch(request, probe);
    } else {
      setError(outcome.message);
      setScreen({ name: 'hub' });
    }
  }

  async function queueSearch(request: SearchRequest, probe?: string) {
    await session!.queue.enqueue({ request, probe, userId: session!.login.user.id });
    setCaptures({ fingers: [] });
    setQueueNote('Search saved encrypted on this phone; it will be sent when the connection returns.');
    await refreshQueue();
    setScreen({ name: 'hub' });
  }

  async function signOut() {
    await api.logout().catch(() => undefined);
    sealer.current = null;
    setSession(null); setEncounter(null); setCaptures({ fingers: [] }); setReady([]); setWaiting(0);
    setScreen({ name: 'login' });
  }

  const queueView: QueueView = {
    waiting, note: queueNote,
    ready: ready.map((d) => ({
      id: d.id, caseRef: d.request.caseRef, candidates: d.response.candidates.length,
      open: () => { setReady((r) => r.filter((x) => x.id !== d.id)); setScreen({ name: 'results', result: d }); },
    })),
  };

  // Move focus to the new screen so screen readers announce it and keyboard users start at the top.
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => { mainRef.current?.focus(); }, [screen.name]);

  let body;
  switch (screen.name) {
    case 'login':
      body = <Login api={api} note={signInNote} onSignedIn={(r) => { setSignInNote(null); void signedIn(r); }} />; break;
    case 'encounter':
      body = <Encounter purposes={session!.purposes} trainingOnly={trainingOnly} canOperate={roles.some((r) => r === 'operator' || r === 'supervisor')}
        onStart={(e) => { setEncounter(e); setCaptures({ fingers: [] }); setScreen({ name: 'hub' }); }} onSignOut={() => void signOut()} />; break;
    case 'hub':
      body = <Hub encounter={encounter!} purposeLabel={session!.purposes.find((p) => p.id === encounter!.purpose)?.label ?? encounter!.purpose}
        registries={searchable} captures={captures} online={online} queue={queueView} error={error}
        onFace={() => setScreen({ name: 'face' })} onFinger={(position) => setScreen({ name: 'finger', position })}
        onUpload={(c) => setCaptures((s) => ({ ...s, fingers: [...s.fingers.filter((f) => f.position !== c.position), c] }))}
        onClear={() => setCaptures({ fingers: [] })} onSearch={(r, why) => void search(r, why)} crossRegistry={roles.includes('cross_registry')}
        onEnd={() => { setEncounter(null); setCaptures({ fingers: [] }); setScreen({ name: 'encounter' }); }} />; break;
    case 'face':
      body = <CameraView kind="face" initialFacing="environment" detect={detector.detect} detectorState={detector.state} onCancel={() => setScreen({ name: 'hub' })}
        onCapture={(photo, assessment, auto) => { setCaptures((s) => ({ ...s, face: { photo, assessment, auto } })); setScreen({ name: 'hub' }); }} />; break;
    case 'finger': {
      const position = screen.position;
      body = <CameraView kind="finger" initialFacing="environment" position={position}
        fingerCheck={fingerChecker.check} detectorState={fingerChecker.state} onCancel={() => setScreen({ name: 'hub' })}
        onCapture={(photo, assessment) => {
          setCaptures((s) => ({ ...s, fingers: [...s.fingers.filter((f) => f.position !== position), { photo, position, contactless: true, assessment }] }));
          setScreen({ name: 'hub' });
        }} />; break;
    }
    case 'searching':
      body = <section class="card" aria-busy="true"><h1>Searching</h1><p role="status" aria-live="polite">Searching the selected registries… The search is recorded in the audit log before results are shown.</p><div class="spinner" aria-hidden="true" /></section>; break;
    case 'results': {
      const r = screen.result;
      body = <Results response={r.response} probe={r.probe} registries={session!.registries} searched={r.request.registries} training={r.response.training || training}
        onBack={() => setScreen({ name: 'hub' })}
        onReview={async (rank, decision, reason) => {
          if (r.response.training || training) return 'Practice decision noted on this phone only; nothing was recorded.';
          await api.review(r.response.searchId, rank, { decision, reason });
          return decision === 'confirmed' ? 'Confirmation recorded with your reason.' : 'Rejection recorded with your reason.';
        }} />; break;
    }
  }

  return (
    <div class={training ? 'app training' : 'app'}>
      {training && <div class="training-banner" role="note" data-testid="training-banner">TRAINING MODE · practice only · not operational</div>}
      <header class="bar">
        <span class="brand">Candor</span>
        {session && <span class="meta">{session.login.user.username}{online ? '' : ' · offline'}</span>}
      </header>
      <main id="main" tabIndex={-1} ref={mainRef}>{body}</main>
    </div>
  );
}

