/** Small line icons for the navigation, drawn on a 20×20 grid. */

import type { ReactNode } from "react";

function Svg({ children }: { children: ReactNode }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

export type IconName =
  | "overview"
  | "kpis"
  | "processes"
  | "twin"
  | "experiments"
  | "improvements"
  | "automation"
  | "data";

export function Icon({ name }: { name: IconName }) {
  switch (name) {
    case "overview":
      return (
        <Svg>
          <rect x="3" y="3" width="6" height="6" rx="1.2" />
          <rect x="11" y="3" width="6" height="6" rx="1.2" />
          <rect x="3" y="11" width="6" height="6" rx="1.2" />
          <rect x="11" y="11" width="6" height="6" rx="1.2" />
        </Svg>
      );
    case "kpis":
      return (
        <Svg>
          <circle cx="10" cy="10" r="7" />
          <circle cx="10" cy="10" r="3.5" />
          <circle cx="10" cy="10" r="0.6" fill="currentColor" />
        </Svg>
      );
    case "processes":
      return (
        <Svg>
          <circle cx="4.5" cy="10" r="2" />
          <circle cx="15.5" cy="4.5" r="2" />
          <circle cx="15.5" cy="15.5" r="2" />
          <path d="M6.3 9.1 13.7 5.4M6.3 10.9l7.4 3.7" />
        </Svg>
      );
    case "twin":
      return (
        <Svg>
          <rect x="3" y="3" width="9.5" height="9.5" rx="1.5" />
          <rect x="7.5" y="7.5" width="9.5" height="9.5" rx="1.5" />
        </Svg>
      );
    case "experiments":
      return (
        <Svg>
          <path d="M8 3h4M8.8 3v5L4.3 15.2A1.2 1.2 0 0 0 5.3 17h9.4a1.2 1.2 0 0 0 1-1.8L11.2 8V3" />
          <path d="M6.5 12.5h7" />
        </Svg>
      );
    case "improvements":
      return (
        <Svg>
          <path d="M16.5 10a6.5 6.5 0 1 1-2-4.7" />
          <path d="M16.5 3.5v3.5H13" />
        </Svg>
      );
    case "automation":
      return (
        <Svg>
          <path d="M11 2.5 4.5 11.5H10l-1 6 6.5-9H10l1-6Z" />
        </Svg>
      );
    case "data":
      return (
        <Svg>
          <ellipse cx="10" cy="4.8" rx="6" ry="2.3" />
          <path d="M4 4.8v10.4c0 1.3 2.7 2.3 6 2.3s6-1 6-2.3V4.8" />
          <path d="M4 10c0 1.3 2.7 2.3 6 2.3s6-1 6-2.3" />
        </Svg>
      );
  }
}
