import { useEffect, useRef, useState } from 'preact/hooks';
import { currentToken, onSignedOut, signOut, whoAmI } from './api.ts';
import { Link, Notices } from './components/ui.tsx';
import { hrefs, type Route } from './lib/routes.ts';
import { InventoryPage } from './pages/inventory.tsx';
import { NamespacePage } from './pages/namespace.tsx';
import { ObjectPage } from './pages/object.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { useRoute } from './router.ts';

const routeKey = (route: Route): string =>
  route.page === 'namespace' ? `ns/${route.namespace}` : route.page === 'object' ? `o/${route.kind.plural}/${route.namespace ?? ''}/${route.name}` : route.page;

const Page = ({ route }: { route: Route }) => {
  switch (route.page) {
    case 'inventory':
      return <InventoryPage />;
    case 'namespace':
      return <NamespacePage namespace={route.namespace} />;
    case 'object':
      return <ObjectPage kind={route.kind} namespace={route.namespace} name={route.name} />;
    case 'missing':
      return (
        <main id="main" tabIndex={-1}>
          <h1>Not found</h1>
          <p>The console has no page at {route.path}.</p>
          <Link href={hrefs.inventory()}>Go to the inventory</Link>
        </main>
      );
  }
};

export const App = () => {
  const [signedIn, setSignedIn] = useState(currentToken() !== '');
  const [reason, setReason] = useState('');
  const route = useRoute();
  const key = routeKey(route);
  const firstPage = useRef(true);
  const [user, setUser] = useState<string>();
  useEffect(() => {
    if (signedIn) void whoAmI().then(setUser);
  }, [signedIn]);
  useEffect(
    () =>
      onSignedOut((why) => {
        setReason(why);
        setSignedIn(false);
      }),
    [],
  );
  useEffect(() => {
    document.title = `${route.page === 'inventory' ? 'Inventory' : route.page === 'namespace' ? `Namespace ${route.namespace}` : route.page === 'object' ? `${route.kind.title} ${route.name}` : 'Not found'} · Pacific`;
    // After a navigation, focus goes to the new page (as a full page load would put it).
    if (firstPage.current) firstPage.current = false;
    else document.getElementById('main')?.focus();
  }, [key]);

  if (!signedIn) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={() => {
          setReason('');
          setSignedIn(true);
        }}
      />
    );
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link class="brand" href={hrefs.inventory()}>
          Pacific
        </Link>
        <nav aria-label="Main">
          <Link href={hrefs.inventory()} aria-current={route.page === 'inventory' ? 'page' : undefined}>
            Inventory
          </Link>
        </nav>
        {user ? <span class="user">Signed in as {user}</span> : null}
        <button type="button" class="sign-out" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <Notices />
      <Page key={key} route={route} />
    </>
  );
};
