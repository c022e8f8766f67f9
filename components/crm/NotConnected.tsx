import { Notice } from '../ui/Notice';

/** The background's "connect this CRM" message, and where to do that. */
export function NotConnected({ message }: { message: string }) {
  return (
    <Notice tone="info" testId="cs-crm-not-connected" className="space-y-1">
      <p>{message}</p>
      <p className="text-xs text-sky-800">Click the Countersign icon in the browser toolbar and open the CRM section of the settings.</p>
    </Notice>
  );
}
