// Sign in with password, then a TOTP code when the account has one.
import { useState } from 'preact/hooks';
import { ApiError, type ApiClient } from '../api/client.ts';
import type { LoginResponse } from '../api/types.ts';

export function Login({ api, note, onSignedIn }: { api: ApiClient; note?: string | null; onSignedIn: (r: LoginResponse) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [newPassword, setNewPassword] = useState('');
  const [needNew, setNeedNew] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      onSignedIn(await api.login(username, password, needTotp ? totp : undefined, needNew ? newPassword : undefined));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') { setNeedTotp(true); setError('Enter the 6-digit code from your authenticator app.'); }
      else if (err instanceof ApiError && err.code === 'PASSWORD_CHANGE_REQUIRED') { setNeedNew(true); setError('This is a one-time password: choose a new password.'); }
      else if (err instanceof ApiError && err.isNetwork) setError('No connection to the server. Sign-in needs a connection.');
      else setError('Sign-in failed: check your username, password and code.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">Sign in</h1>
      {note && <p role="status">{note}</p>}
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      {needTotp && (<>
        <label for="totp">Authenticator code</label>
        <input id="totp" name="totp" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required value={totp} onInput={(e) => setTotp(e.currentTarget.value)} />
      </>)}
      {needNew && (<>
        <label for="new-password">New password</label>
        <input id="new-password" type="password" autocomplete="new-password" minLength={12} required value={newPassword} onInput={(e) => setNewPassword(e.currentTarget.value)} />
      </>)}
      <p class="error" role="alert">{error ?? ''}</p>
      <button class="primary big" type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  );
}
