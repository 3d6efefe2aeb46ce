import { useState } from 'preact/hooks';
import { signIn, tryToken } from '../api.ts';
import { messageOf } from '../lib/errors.ts';

/** The console acts with the user's own bearer token, the one their kubeconfig holds. */
export const SignIn = ({ reason, onSignedIn }: { reason: string; onSignedIn: () => void }) => {
  const [token, setToken] = useState('');
  const [error, setError] = useState(reason);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const value = token.trim();
    if (!value) {
      setError('Paste a token first.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      await tryToken(value);
      signIn(value);
      onSignedIn();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <form class="card sign-in-card" onSubmit={submit} aria-describedby="sign-in-help">
        <h1>Pacific admin console</h1>
        <p id="sign-in-help">
          Sign in with a bearer token: the one in your kubeconfig (<code>users[].user.token</code>), or one <code>pacific</code> issued for you.
        </p>
        <label class="field">
          <span>Token</span>
          <input type="password" name="token" autoComplete="off" spellcheck={false} value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} aria-invalid={error ? true : undefined} aria-errormessage={error ? 'sign-in-error' : undefined} autoFocus />
        </label>
        {error ? (
          <p id="sign-in-error" class="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
};
