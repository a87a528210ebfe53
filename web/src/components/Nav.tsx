import type { Route } from "../router";
import { Icon, type IconName } from "./Icons";

interface NavItem {
  id: IconName;
  label: string;
  /** Set for pages that exist now. */
  href?: string;
  /** What the capability will do, shown on entries that are not available yet. */
  soon?: string;
  active?: (route: Route) => boolean;
}

const items: NavItem[] = [
  { id: "overview", label: "Overview", href: "#/", active: (r) => r.page === "overview" },
  {
    id: "kpis",
    label: "KPIs",
    href: "#/kpis",
    active: (r) => r.page === "kpis" || r.page === "kpi",
  },
  { id: "processes", label: "Processes", href: "#/processes", active: (r) => r.page === "processes" },
  { id: "twin", label: "Twin", href: "#/twin", active: (r) => r.page === "twin" },
  {
    id: "experiments",
    label: "Experiments",
    href: "#/experiments",
    active: (r) => r.page === "experiments",
  },
  {
    id: "improvements",
    label: "Improvements",
    href: "#/improvements",
    active: (r) => r.page === "improvements",
  },
  {
    id: "automation",
    label: "Automation",
    soon: "rules that act on signals, with your approval where it matters",
  },
  {
    id: "data",
    label: "Data",
    href: "#/data",
    active: (r) => r.page === "data" || r.page === "dataset",
  },
];

export function Nav({ route }: { route: Route }) {
  return (
    <aside className="sidebar">
      <nav className="nav" aria-label="Main">
        <a className="brand" href="#/">
          <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="16" cy="16" r="11" fill="none" stroke="currentColor" strokeWidth="4.5" />
            <circle cx="27" cy="16" r="3.2" fill="var(--surface-nav)" stroke="currentColor" strokeWidth="2" />
          </svg>
          <span>opsloop</span>
        </a>
        <ul className="nav-list">
          {items.map((item) => {
            if (item.href) {
              const current = item.active?.(route) ?? false;
              return (
                <li key={item.id}>
                  <a
                    className={current ? "nav-item nav-item-current" : "nav-item"}
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    data-testid={`nav-${item.id}`}
                  >
                    <Icon name={item.id} />
                    <span className="nav-label">{item.label}</span>
                  </a>
                </li>
              );
            }
            const tipId = `nav-tip-${item.id}`;
            return (
              <li key={item.id}>
                <span
                  className="nav-item nav-item-soon"
                  aria-disabled="true"
                  aria-describedby={tipId}
                  // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can read the tooltip
                  tabIndex={0}
                  data-testid={`nav-${item.id}`}
                >
                  <Icon name={item.id} />
                  <span className="nav-label">{item.label}</span>
                  <span className="soon">soon</span>
                  <span className="tooltip" role="tooltip" id={tipId}>
                    <strong>{item.label}</strong> — {item.soon}
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      </nav>
    </aside>
  );
}
