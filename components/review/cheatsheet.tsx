import { SHORTCUT_HELP } from "./use-review-shortcuts";

export function Cheatsheet({ onClose }: { onClose: () => void }) {
  return (
    <div className="cheatsheet" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="panel">
        <h2>Keyboard shortcuts</h2>
        <table className="data">
          <tbody>{SHORTCUT_HELP.map(([keys, does]) => <tr key={keys}><td><kbd>{keys}</kbd></td><td>{does}</td></tr>)}</tbody>
        </table>
        <div className="form-actions"><button type="button" className="btn" onClick={onClose} autoFocus>Close <kbd>Esc</kbd></button></div>
      </div>
    </div>
  );
}
