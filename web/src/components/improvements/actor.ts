import { useSyncExternalStore } from "react";

/**
 * Who is making changes to improvement records: a name kept in this browser and sent with every write
 * as the X-Actor header, so each change in a record's history has its author.
 */

const KEY = "opsloop.actor";
const listeners = new Set<() => void>();

function read(): string {
  try {
    return window.localStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

let current = read();

export function getActor(): string {
  return current;
}

export function setActor(name: string): void {
  current = name.slice(0, 100);
  try {
    if (current.trim() === "") window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, current);
  } catch {
    // Private windows may refuse storage; the name still holds for this page.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) {
      current = event.newValue ?? "";
      listener();
    }
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** The name changes are made under, trimmed; empty until someone says who they are. */
export function useActor(): string {
  return useSyncExternalStore(subscribe, getActor).trim();
}

/** The name as typed, for the field that edits it. */
export function useActorText(): string {
  return useSyncExternalStore(subscribe, getActor);
}
