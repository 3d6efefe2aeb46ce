import { hrefs } from '../lib/routes.ts';
import type { Live } from '../state.ts';
import { Link } from './ui.tsx';

export const Breadcrumbs = ({ trail }: { trail: { label: string; href?: string }[] }) => (
  <nav aria-label="Breadcrumb" class="breadcrumbs">
    <ol>
      <li>
        <Link href={hrefs.inventory()}>Inventory</Link>
      </li>
      {trail.map((step, i) => (
        <li key={step.label}>{step.href && i < trail.length - 1 ? <Link href={step.href}>{step.label}</Link> : <span aria-current={i === trail.length - 1 ? 'page' : undefined}>{step.label}</span>}</li>
      ))}
    </ol>
  </nav>
);

/** Whether the page's watches are connected. */
export const LiveStatus = ({ lives }: { lives: Live[] }) => {
  const refused = lives.find((l) => l.state === 'refused');
  const down = lives.filter((l) => l.state === 'reconnecting' || l.state === 'refused');
  const connecting = lives.some((l) => l.state === 'connecting');
  const text = refused ? `Not allowed: ${refused.error ?? 'the server refused'}` : down.length > 0 ? `Reconnecting… (${down[0]!.error ?? 'connection lost'})` : connecting ? 'Connecting…' : 'Live';
  return (
    <span class={`live ${down.length > 0 ? 'down' : connecting ? '' : 'up'}`} role="status" title="Updates arrive through the API's watches">
      <span class="dot" aria-hidden="true" />
      {text}
    </span>
  );
};

export const namespaceCrumb = (namespace: string) => ({ label: namespace, href: hrefs.namespace(namespace) });
