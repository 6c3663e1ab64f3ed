import { useState } from 'preact/hooks';
import { api, errorMessage, type WhoamiInfo } from '../lib/api.js';

export function LoginPage(props: { notice?: string | undefined; onLogin(who: WhoamiInfo): void }) {
  const [error, setError] = useState(props.notice);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    try {
      props.onLogin(await api.login(String(form.get('name')), String(form.get('password'))));
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login card" onSubmit={submit}>
      <h1>qmon</h1>
      <label>
        User
        <input name="name" autocomplete="username" required autofocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autocomplete="current-password" required />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Log in
      </button>
    </form>
  );
}
