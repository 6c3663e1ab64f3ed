/** The shell: who is logged in (or the login page), the navigation, and the page of the route. */
import { useEffect, useState } from 'preact/hooks';
import { api, can, errorMessage, type WhoamiInfo } from './lib/api.js';
import { navigate, useRoute } from './lib/route.js';
import { HostPage } from './pages/host.js';
import { HostsPage } from './pages/hosts.js';
import { LoginPage } from './pages/login.js';
import { VmCreatePage } from './pages/vm-create.js';
import { VmListPage } from './pages/vm-list.js';
import { VmPage } from './pages/vm-page.js';

/** A one-time login link (`#login=SECRET`): spent once, then gone from the address bar. */
async function spendLoginLink(): Promise<WhoamiInfo | undefined> {
  const match = /^#login=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (!match) return undefined;
  history.replaceState(null, '', `${location.pathname}#/`);
  return api.loginWithLink(match[1]!);
}

/**
 * Whether this daemon is in a fleet: only then does it serve `GET /hosts`.
 * Alone, the Hosts entry is not offered (the Host page is its one host).
 */
function useInFleet(me: WhoamiInfo | null | undefined): boolean {
  const [inFleet, setInFleet] = useState(false);
  useEffect(() => {
    if (!me) return;
    api.listHosts().then(
      () => setInFleet(true),
      () => setInFleet(false),
    );
  }, [me]);
  return inFleet;
}

export function App() {
  const [me, setMe] = useState<WhoamiInfo | null>();
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const inFleet = useInFleet(me);

  useEffect(() => {
    const identify = () =>
      spendLoginLink()
        .catch((error: unknown) => {
          setNotice(`The login link did not work: ${errorMessage(error)}`);
          return undefined;
        })
        .then((viaLink) => viaLink ?? api.whoami())
        .then(setMe, () => setMe(null));
    void identify();
    // A login link opened in a tab that shows the dashboard already.
    const onHash = () => {
      if (location.hash.startsWith('#login=')) void identify();
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null)
    return (
      <LoginPage
        notice={notice}
        onLogin={(who) => {
          setMe(who);
          if (route[0] === 'login') navigate('/');
        }}
      />
    );

  const role = me.user.role;
  const logout = async () => {
    await api.logout().catch(() => {});
    setMe(null);
  };
  let page: preact.JSX.Element;
  if (route[0] === 'vms' && route[1]) page = <VmPage id={route[1]} tab={route[2]} role={role} />;
  else if (route[0] === 'create' && can(role, 'vm.define')) page = <VmCreatePage />;
  else if (route[0] === 'host') page = <HostPage me={me} />;
  else if (route[0] === 'hosts') page = <HostsPage />;
  else page = <VmListPage role={role} />;

  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href="#/">
          qmon
        </a>
        <nav>
          <a href="#/" class={route[0] === undefined ? 'active' : ''}>
            VMs
          </a>
          {can(role, 'vm.define') && (
            <a href="#/create" class={route[0] === 'create' ? 'active' : ''}>
              Create VM
            </a>
          )}
          {inFleet && (
            <a href="#/hosts" class={route[0] === 'hosts' ? 'active' : ''}>
              Hosts
            </a>
          )}
          <a href="#/host" class={route[0] === 'host' ? 'active' : ''}>
            Host
          </a>
        </nav>
        <span class="who" data-testid="whoami">
          {me.user.name} ({role})
        </span>
        <button type="button" class="link" onClick={logout}>
          Log out
        </button>
      </header>
      <main>{page}</main>
    </div>
  );
}
