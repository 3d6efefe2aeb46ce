import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { navigate } from '../router.ts';
import { percent } from '../lib/quantity.ts';

/** A link the router follows without reloading the page (a modified click still opens a tab). */
export const Link = ({ href, children, ...rest }: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined; 'aria-label'?: string }) => (
  <a
    href={href}
    {...rest}
    onClick={(event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(href);
    }}
  >
    {children}
  </a>
);

/** A labelled utilisation bar: `used` of `total`, with the figures as text. */
export const Meter = ({ label, name, used, total, text }: { label: string; name?: string; used: number; total: number; text: string }) => {
  const value = percent(used, total);
  const level = value >= 90 ? 'high' : value >= 70 ? 'mid' : 'low';
  return (
    <div class="meter">
      <div class="meter-head">
        <span aria-hidden="true">{name ?? label}</span>
        <span class="meter-text" aria-hidden="true">{text}</span>
      </div>
      <div class="meter-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(value)} aria-valuetext={`${Math.round(value)}%: ${text}`}>
        <div class={`meter-fill ${level}`} style={{ width: `${value}%` }} />
      </div>
    </div>
  );
};

export const Badge = ({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ComponentChildren }) => <span class={`badge ${tone}`}>{children}</span>;

const toneOf = (state: string): 'good' | 'warn' | 'bad' | 'neutral' => {
  if (/^(Running|Ready|PoweredOn|Active|Succeeded|Completed|Applied|True|Bound)\b/.test(state)) return 'good';
  if (/(Failed|NotReady|Error|False)/.test(state)) return 'bad';
  if (/(Pending|Terminating|InProgress|Applying|Suspended|PoweredOff|cordoned)/.test(state)) return 'warn';
  return 'neutral';
};

export const StateBadge = ({ state }: { state: string }) => <Badge tone={toneOf(state)}>{state}</Badge>;

/** An on/off control announced as a switch. */
export const Switch = ({ id, checked, disabled, onChange, children }: { id: string; checked: boolean; disabled?: boolean; onChange: (next: boolean) => void; children: ComponentChildren }) => (
  <div class="switch-row">
    <button id={id} type="button" role="switch" class="switch" aria-checked={checked} disabled={disabled} onClick={() => onChange(!checked)}>
      <span class="switch-knob" aria-hidden="true" />
    </button>
    <label for={id}>{children}</label>
  </div>
);

const relative = (iso: string, now: number): string => {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return iso;
  if (seconds < 60) return `${Math.max(0, seconds)}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
};

export const Time = ({ iso, absolute }: { iso: string | undefined | null; absolute?: boolean }) => {
  if (!iso) return <span>–</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {absolute ? date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : relative(iso, Date.now())}
    </time>
  );
};

export const Section = ({ id, title, actions, children }: { id: string; title: string; actions?: ComponentChildren; children: ComponentChildren }) => (
  <section class="card" aria-labelledby={id}>
    <div class="card-head">
      <h2 id={id}>{title}</h2>
      {actions}
    </div>
    {children}
  </section>
);

/** A table that scrolls sideways on its own when the screen is narrow, with a caption for screen readers. */
export const Table = ({ caption, head, children, empty }: { caption: string; head: string[]; children: ComponentChildren; empty?: string | false }) => (
  <div class="table-wrap">
    <table>
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {children}
        {empty ? (
          <tr>
            <td colSpan={head.length} class="empty">
              {empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  </div>
);

type Notice = { id: number; tone: 'info' | 'error'; text: string };
const noticeListeners = new Set<(notices: Notice[]) => void>();
let notices: Notice[] = [];
let nextNotice = 1;

/** Tells the user what a click did (or why it failed), in a live region. */
export const notify = (text: string, tone: 'info' | 'error' = 'info'): void => {
  const notice = { id: nextNotice++, tone, text };
  notices = [...notices.slice(-3), notice];
  for (const listener of noticeListeners) listener(notices);
  setTimeout(() => dismiss(notice.id), tone === 'error' ? 12_000 : 5000);
};

const dismiss = (id: number): void => {
  notices = notices.filter((n) => n.id !== id);
  for (const listener of noticeListeners) listener(notices);
};

export const Notices = () => {
  const [list, setList] = useState<Notice[]>(notices);
  useEffect(() => {
    noticeListeners.add(setList);
    return () => void noticeListeners.delete(setList);
  }, []);
  return (
    <div class="notices" role="status" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} class={`notice ${n.tone}`}>
          <span>{n.text}</span>
          <button type="button" class="link-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
};

/** Runs an action from a button, reporting success or the server's message. */
export const useAction = (): [boolean, (label: string, action: () => Promise<unknown>, done?: string) => Promise<boolean>] => {
  const [busy, setBusy] = useState(false);
  const run = async (label: string, action: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true);
    try {
      await action();
      if (done) notify(done);
      return true;
    } catch (error) {
      notify(`${label} failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
};
