import type { Schema } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../auth/AuthContext.js';

export type Notification = Schema<'Notification'>;

/** How many of the newest notifications the bell lists. */
const BELL_SIZE = 10;
/** The bell asks again every minute (the server's sweep runs about as often). */
const REFRESH_MS = 60_000;

/** The newest notifications of the signed-in official and their unread count. */
export function useNotifications() {
  const client = useClient();
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => client.notifications.list({ limit: BELL_SIZE }),
    refetchInterval: REFRESH_MS,
    retry: false,
  });
}

function useNotificationMutation<Arg, Result>(call: (arg: Arg) => Promise<Result>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications'] }),
  });
}

export function useMarkNotificationRead() {
  const client = useClient();
  return useNotificationMutation((id: string) => client.notifications.markRead(id));
}

export function useMarkAllNotificationsRead() {
  const client = useClient();
  return useNotificationMutation((_: undefined) => client.notifications.markAllRead());
}

/** Where a notification leads in the console: its case, or for a lead without one, the platforms. */
export function notificationTarget(notification: Notification): string {
  return notification.caseId ? `/cases/${notification.caseId}` : '/platforms';
}
