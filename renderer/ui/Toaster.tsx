/** The toast stack in the lower right corner; a polite live region so screen readers announce it. */
import { CircleCheck, CircleX, Info, LoaderCircle, X } from 'lucide-react';
import { dismissToast, useToasts, type Toast } from './toasts.ts';

const ICONS = { info: Info, success: CircleCheck, error: CircleX, progress: LoaderCircle } as const;

function ToastView({ toast }: { toast: Toast }) {
  const Icon = ICONS[toast.kind];
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid={toast.testId ?? 'toast'} data-kind={toast.kind} title={toast.detail ? `${toast.text}\n${toast.detail}` : toast.text}>
      <Icon size={16} className="toast-icon" aria-hidden="true" />
      <div className="toast-body">
        <div className="toast-text">{toast.text}</div>
        {toast.detail && <pre className="toast-detail">{toast.detail}</pre>}
      </div>
      {toast.action && (
        <button type="button" className="link toast-action" data-testid="toast-action" onClick={() => toast.action?.run()}>
          {toast.action.label}
        </button>
      )}
      {toast.kind !== 'progress' && (
        <button type="button" className="icon-button ghost toast-close" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => dismissToast(toast.id)}>
          <X size={14} aria-hidden="true" />
        </button>
      )}
    </div>
  );
}

/** Renders every current toast, newest last. */
export function Toaster() {
  const toasts = useToasts((s) => s.toasts);
  return (
    <div className="toaster" aria-live="polite" data-testid="toaster">
      {toasts.map((t) => (
        <ToastView key={t.id} toast={t} />
      ))}
    </div>
  );
}
