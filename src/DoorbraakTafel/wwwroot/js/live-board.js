// Live meeting board: follows one meeting over the SignalR hub at /hubs/meeting.
//
// Needs the SignalR browser client first (global `signalR`):
//   <script src="/lib/signalr/signalr.min.js"></script>
//   <script type="module">
//     import { followMeeting } from "/js/live-board.js";
//     const live = followMeeting(meetingId, { onUpdate, onPresence, onAccessEnded, onStatus });
//   </script>
//
// Guarantees to the page (DESIGN.md, Hub contract): every MeetingUpdated/CaseUpdated is handed
// to onUpdate once, per stream in version order. The client keeps the last global position and
// the last version per stream; it drops what it has already seen, and when a stream's version
// jumps it asks the hub again (JoinMeeting) for what it missed. After a reconnect it rejoins
// from its last position. A stream first seen after a join from a saved position has no
// version to compare with yet; its gaps are noticed from its second update on.

const HUB_URL = "/hubs/meeting";

/**
 * @param {string} meetingId
 * @param {{
 *   onUpdate?: (update: object) => void,          // a MeetingUpdated or CaseUpdated, see update.kind
 *   onPresence?: (present: object[]) => void,     // [{ userId, displayName, organisationId }]
 *   onAccessEnded?: (ended: object) => void,      // { meetingId, caseId, reason }; caseId null: the whole meeting
 *   onStatus?: (status: string) => void,          // "verbonden" | "opnieuw verbinden" | "verbroken"
 *   accessToken?: () => string | Promise<string>, // pages signed in with a cookie need none
 *   lastPosition?: number,                        // where a previous page left off; 0 replays the meeting
 *   url?: string,                                 // the hub's address, when not on this site's /hubs/meeting
 * }} handlers
 */
export function followMeeting(meetingId, handlers = {}) {
  const { onUpdate = () => {}, onPresence = () => {}, onAccessEnded = () => {}, onStatus = () => {} } = handlers;

  let lastPosition = handlers.lastPosition ?? 0;
  const streams = new Map(); // streamId -> { version, position } of the last update shown
  let joining = null;        // the running JoinMeeting, while pushes wait in `held`
  let held = [];
  let stopped = false;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(handlers.url ?? HUB_URL, handlers.accessToken ? { accessTokenFactory: handlers.accessToken } : {})
    // Keep trying for as long as the page is open: a laptop on flaky wifi must come back.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => Math.min(30_000, 500 * 2 ** retry.previousRetryCount) })
    // Short drops resume the same connection and replay what the server buffered meanwhile.
    .withStatefulReconnect()
    .build();

  const push = (update) => (joining ? held.push(update) : apply(update));
  connection.on("MeetingUpdated", push);
  connection.on("CaseUpdated", push);
  connection.on("PresenceChanged", (presence) => onPresence(presence.present));
  connection.on("AccessEnded", (ended) => {
    if (ended.caseId == null) {
      stopped = true; // no rejoin: the hub would refuse it
      connection.stop();
    }
    onAccessEnded(ended);
  });

  // A full reconnect (new connection id) lost the groups: join again from where we were.
  connection.onreconnecting(() => onStatus("opnieuw verbinden"));
  connection.onreconnected(() => {
    onStatus("verbonden");
    join(lastPosition);
  });
  connection.onclose(() => onStatus("verbroken"));

  function apply(update) {
    const seen = streams.get(update.streamId);
    if (seen && update.version <= seen.version) {
      return; // a duplicate: shown already
    }
    if (seen && update.version > seen.version + 1) {
      // A gap: something of this stream never arrived. Ask from the last one we have of it;
      // what comes back twice is dropped above.
      join(seen.position);
      return;
    }
    streams.set(update.streamId, { version: update.version, position: update.position });
    lastPosition = Math.max(lastPosition, update.position);
    onUpdate(update);
  }

  // Joins (or rejoins) and applies what was missed before the pushes that came meanwhile.
  async function join(from) {
    if (stopped || joining) {
      return joining;
    }
    held = [];
    joining = (async () => {
      let position = from;
      try {
        for (;;) {
          const joined = await connection.invoke("JoinMeeting", meetingId, position);
          joined.missed.forEach(apply);
          onPresence(joined.present);
          position = joined.position;
          if (!joined.more) {
            break; // a long absence comes in pages
          }
        }
      } finally {
        joining = null;
        const waiting = held;
        held = [];
        waiting.forEach(apply);
      }
    })();
    return joining;
  }

  const started = connection.start().then(() => {
    onStatus("verbonden");
    return join(lastPosition);
  });

  return {
    started,
    get lastPosition() {
      return lastPosition;
    },
    async stop() {
      stopped = true;
      await connection.stop();
    },
  };
}
