/** The host: identity and VM counts; the caller's API tokens; users (admin only). */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import {
  type ApiTokenInfo,
  api,
  can,
  errorMessage,
  type HostInfo,
  type Role,
  type UserInfo,
  type VmInfo,
  type WhoamiInfo,
} from '../lib/api.js';
import { bytes, time } from '../lib/format.js';

function Tokens() {
  const [tokens, setTokens] = useState<ApiTokenInfo[]>([]);
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();
  const reload = () => api.listTokens().then(setTokens, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => void reload(), []);
  return (
    <div class="card">
      <h2>Your API tokens</h2>
      <ErrorMessage text={error} />
      {created && (
        <p class="notice">
          New token (shown once): <code data-testid="new-token">{created}</code>
        </p>
      )}
      <table>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>{token.name}</td>
              <td>{time(token.createdAt)}</td>
              <td>
                <button
                  type="button"
                  class="danger"
                  onClick={() =>
                    confirm(`Revoke token ${token.name}?`) &&
                    api
                      .deleteToken(token.id)
                      .then(reload, (e: unknown) => setError(errorMessage(e)))
                  }
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const name = String(new FormData(form).get('name'));
          api.createToken(name).then(
            (made) => {
              setCreated(made.token);
              form.reset();
              void reload();
            },
            (e: unknown) => setError(errorMessage(e)),
          );
        }}
      >
        <input name="name" placeholder="token name" required maxLength={100} />
        <button type="submit">Create token</button>
      </form>
    </div>
  );
}

function Users(props: { me: WhoamiInfo }) {
  const [users, setUsers] = useState<UserInfo[]>([]);
  const [error, setError] = useState<string>();
  const reload = () => api.listUsers().then(setUsers, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => void reload(), []);
  return (
    <div class="card">
      <h2>Users</h2>
      <ErrorMessage text={error} />
      <table data-testid="users">
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.role}</td>
              <td>
                {user.id !== props.me.user.id && (
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      confirm(`Delete user ${user.name}, their sessions and tokens?`) &&
                      api
                        .deleteUser(user.id)
                        .then(reload, (e: unknown) => setError(errorMessage(e)))
                    }
                  >
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          setError(undefined);
          api
            .createUser(
              String(data.get('name')),
              String(data.get('password')),
              data.get('role') as Role,
            )
            .then(
              () => {
                form.reset();
                void reload();
              },
              (e: unknown) => setError(errorMessage(e)),
            );
        }}
      >
        <input name="name" placeholder="user name" required />
        <input name="password" type="password" placeholder="password (8+)" required minLength={8} />
        <select name="role" aria-label="role">
          <option>viewer</option>
          <option>operator</option>
          <option>admin</option>
        </select>
        <button type="submit">Add user</button>
      </form>
    </div>
  );
}

export function HostPage(props: { me: WhoamiInfo }) {
  const [host, setHost] = useState<HostInfo>();
  const [vms, setVms] = useState<VmInfo[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.host().then(setHost, (e: unknown) => setError(errorMessage(e)));
    api.listVms().then(setVms, () => {});
  }, []);
  const states = vms.reduce<Record<string, number>>((count, vm) => {
    count[vm.state] = (count[vm.state] ?? 0) + 1;
    return count;
  }, {});
  return (
    <section>
      <h1>Host {host?.hostname}</h1>
      <ErrorMessage text={error} />
      {host && (
        <dl class="card">
          <dt>Host id</dt>
          <dd>{host.hostId}</dd>
          <dt>qmon</dt>
          <dd>{host.version}</dd>
          <dt>CPU</dt>
          <dd data-testid="host-cpu">
            {host.cpus} CPUs, load {host.loadAverage.map((n) => n.toFixed(2)).join(' ')}
          </dd>
          <dt>Memory</dt>
          <dd>
            {bytes(host.memoryBytes.total - host.memoryBytes.free)} used of{' '}
            {bytes(host.memoryBytes.total)}
          </dd>
          <dt>Disk (state)</dt>
          <dd>
            {bytes(host.stateDiskBytes.free)} free of {bytes(host.stateDiskBytes.total)}
          </dd>
          <dt>VMs</dt>
          <dd>
            {vms.length} (
            {Object.entries(states)
              .map(([state, n]) => `${n} ${state}`)
              .join(', ')}
            )
          </dd>
        </dl>
      )}
      <Tokens />
      {can(props.me.user.role, 'users.manage') && <Users me={props.me} />}
    </section>
  );
}
