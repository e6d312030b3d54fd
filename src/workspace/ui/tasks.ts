/**
 * The tasks panel's live parts: each task's check results and feedback from the grader, hints
 * revealed one at a time, Check (and live checking when the lab asks), and the solution as a
 * diff against the learner's files. The instructions and task titles are rendered at build time
 * by the lab page; this fills in the `[data-task]` sections it finds.
 */
import { el } from './dom.js';
import { solutionDiff } from '../diff.js';
import type { LabMeta } from '../lab-meta.js';
import type { ReportView } from '../engine/types.js';

export interface TasksOptions {
  root: HTMLElement;
  meta: LabMeta;
  solution: Record<string, string>;
  files: () => Record<string, string>;
  check: () => Promise<ReportView>;
  hintsShown: Record<string, number>;
  onHints(shown: Record<string, number>): void;
  onReport(report: ReportView): void;
}

export class TasksPanel {
  private checking = false;
  private summary: HTMLElement;
  private checkButton: HTMLButtonElement;
  private hintViews = new Map<string, (n: number) => void>();

  constructor(private readonly options: TasksOptions) {
    const { root, meta } = options;
    this.summary = root.querySelector('[data-summary]') as HTMLElement;
    this.checkButton = root.querySelector('[data-check]') as HTMLButtonElement;
    this.checkButton.addEventListener('click', () => void this.runCheck());
    for (const task of meta.tasks) {
      const section = root.querySelector(`[data-task="${task.id}"]`);
      if (!section) continue;
      const hintsBox = section.querySelector('[data-hints]') as HTMLElement;
      const button = section.querySelector('[data-hint-button]') as HTMLButtonElement | null;
      const show = (n: number): void => {
        hintsBox.replaceChildren(
          ...task.hints.slice(0, n).map((h, i) => el('li', {}, `Hint ${i + 1}: ${h}`)),
        );
        if (button) {
          button.disabled = n >= task.hints.length;
          button.textContent = n >= task.hints.length ? 'No more hints' : n ? 'Next hint' : 'Show a hint';
        }
      };
      show(options.hintsShown[task.id] ?? 0);
      this.hintViews.set(task.id, show);
      button?.addEventListener('click', () => {
        const n = Math.min(task.hints.length, (options.hintsShown[task.id] ?? 0) + 1);
        options.hintsShown[task.id] = n;
        show(n);
        options.onHints({ ...options.hintsShown });
        (hintsBox.lastElementChild as HTMLElement | null)?.setAttribute('tabindex', '-1');
      });
    }
    const solutionButton = root.querySelector('[data-solution]') as HTMLButtonElement | null;
    const solutionBox = root.querySelector('[data-solution-diff]') as HTMLElement | null;
    if (solutionButton && solutionBox) {
      solutionButton.addEventListener('click', () => {
        const open = solutionBox.hidden;
        solutionBox.hidden = !open;
        solutionButton.setAttribute('aria-expanded', String(open));
        solutionButton.textContent = open ? 'Hide the solution' : 'Compare with the solution';
        if (open) this.renderDiff(solutionBox);
      });
    }
  }

  private renderDiff(box: HTMLElement): void {
    const text = solutionDiff(this.options.files(), this.options.solution);
    box.replaceChildren(
      el('p', {}, 'What to change in your files to reach the solution (your files are not touched):'),
      el(
        'pre',
        { class: 'ws-diff', tabindex: '0' },
        ...text
          .split('\n')
          .map((line) =>
            el(
              'span',
              { class: line.startsWith('+') ? 'ws-add' : line.startsWith('-') ? 'ws-del' : '' },
              `${line}\n`,
            ),
          ),
      ),
    );
  }

  /** Shows this many hints per task (after Reset or an import). */
  setHints(shown: Record<string, number>): void {
    for (const key of Object.keys(this.options.hintsShown)) delete this.options.hintsShown[key];
    Object.assign(this.options.hintsShown, shown);
    for (const [id, show] of this.hintViews) show(shown[id] ?? 0);
  }

  /** Runs the checks (ignored while a run is going on). */
  async runCheck(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    this.checkButton.disabled = true;
    this.summary.textContent = 'Checking…';
    try {
      const report = await this.options.check();
      this.show(report);
      this.options.onReport(report);
    } catch (err) {
      this.summary.textContent = `Check failed: ${(err as Error).message}`;
    } finally {
      this.checking = false;
      this.checkButton.disabled = false;
    }
  }

  /** Shows a report (a new one, or a saved one after reload). */
  show(report: ReportView | undefined): void {
    const root = this.options.root;
    if (!report) {
      this.summary.textContent = 'Not checked yet.';
      for (const box of root.querySelectorAll<HTMLElement>('[data-results]')) box.replaceChildren();
      for (const s of root.querySelectorAll<HTMLElement>('[data-task]')) s.removeAttribute('data-pass');
      return;
    }
    this.summary.textContent = `${report.passed ? 'All checks pass' : 'Some checks fail'}: ${report.score} of ${report.total} points (cluster time ${report.at}).`;
    for (const task of report.tasks) {
      const section = root.querySelector<HTMLElement>(`[data-task="${task.id}"]`);
      if (!section) continue;
      section.dataset.pass = String(task.pass);
      (section.querySelector('[data-results]') as HTMLElement).replaceChildren(
        ...task.checks.map((c) =>
          el(
            'li',
            { class: c.pass ? 'ws-pass' : 'ws-fail', 'data-check-id': c.id, 'data-pass': String(c.pass) },
            el('span', { class: 'ws-mark', 'aria-hidden': 'true' }, c.pass ? '✓' : '✗'),
            el('span', { class: 'visually-hidden' }, c.pass ? 'Passed: ' : 'Failed: '),
            `${c.title} (${c.points}/${c.maxPoints})`,
            c.pass ? undefined : el('div', { class: 'ws-feedback' }, c.message),
          ),
        ),
      );
    }
  }

  get busy(): boolean {
    return this.checking;
  }
}
