import { Component, type ErrorInfo, type ReactNode } from 'react';
import ErrorPage from '../pages/errors/ErrorPage.tsx';

interface Props {
  children: ReactNode;
  /** Full-screen 500 page (nothing around it) or inside the app shell. */
  standalone?: boolean;
}

/** A screen that throws while rendering shows the 500 page instead of a blank window. */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return <ErrorPage kind="server" standalone={this.props.standalone ?? false} onRetry={() => location.reload()} />;
  }
}
