// Purpose and case reference, chosen once per encounter; training mode is chosen here too.
import { useState } from 'preact/hooks';
import type { Purpose } from '../api/types.ts';

export interface EncounterInfo { purpose: string; caseRef: string; training: boolean }

export function Encounter({ purposes, trainingOnly, canOperate, onStart, onSignOut }: {
  purposes: Purpose[]; trainingOnly: boolean; canOperate: boolean;
  onStart: (e: EncounterInfo) => void; onSignOut: () => void;
}) {
  const [purpose, setPurpose] = useState(purposes[0]?.id ?? '');
  const [caseRef, setCaseRef] = useState('');
  const [training, setTraining] = useState(trainingOnly || !canOperate);
  return (
    <form class="card" onSubmit={(e) => { e.preventDefault(); onStart({ purpose, caseRef: caseRef.trim(), training }); }} aria-labelledby="enc-title">
      <h1 id="enc-title">New encounter</h1>
      <p>Every search is recorded with its purpose and case reference.</p>
      <label for="purpose">Purpose of the search</label>
      <select id="purpose" required value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)}>
        {purposes.map((p) => <option key={p.id} value={p.id}>{p.label}</option>)}
      </select>
      <label for="caseRef">Case reference</label>
      <input id="caseRef" required minLength={2} autocomplete="off" value={caseRef} onInput={(e) => setCaseRef(e.currentTarget.value)} />
      <label class="check">
        <input type="checkbox" checked={training} disabled={trainingOnly || !canOperate} onChange={(e) => setTraining(e.currentTarget.checked)} />
        Training mode (practice on the training registry; nothing operational is recorded)
      </label>
      <button class="primary big" type="submit" disabled={!purpose}>Start encounter</button>
      <button type="button" onClick={onSignOut}>Sign out</button>
    </form>
  );
}
