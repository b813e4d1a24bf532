import { ACTIVE_USER_WINDOW_MS, ActiveUsersTracker } from './active-users.tracker';

describe('ActiveUsersTracker', () => {
  it('counts each user once within the window', () => {
    const tracker = new ActiveUsersTracker();
    tracker.markActive('tenant-a', 'user-1', 1_000);
    tracker.markActive('tenant-a', 'user-1', 2_000);
    tracker.markActive('tenant-a', 'user-2', 3_000);

    expect(tracker.count(4_000)).toBe(2);
  });

  it('keeps the same user id of two tenants apart', () => {
    const tracker = new ActiveUsersTracker();
    tracker.markActive('tenant-a', 'user-1', 1_000);
    tracker.markActive('tenant-b', 'user-1', 1_000);

    expect(tracker.count(1_000)).toBe(2);
  });

  it('drops users idle for longer than the window', () => {
    const tracker = new ActiveUsersTracker();
    tracker.markActive('tenant-a', 'user-1', 0);
    tracker.markActive('tenant-a', 'user-2', 60_000);

    expect(tracker.count(ACTIVE_USER_WINDOW_MS + 1)).toBe(1);
    expect(tracker.count(ACTIVE_USER_WINDOW_MS + 60_001)).toBe(0);
  });
});
