import { userInfo } from 'node:os';

/** The user an audit line names: the login name, or the bare uid when it has none (e.g. a container's random uid). */
export function whoAmI(): { uid: number; name: string } {
  try {
    const info = userInfo();
    return { uid: info.uid, name: info.username };
  } catch {
    const uid = process.getuid?.() ?? -1;
    return { uid, name: String(uid) };
  }
}
