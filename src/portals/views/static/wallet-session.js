// Live progress for a wallet-session page: listens to the session's server-sent events and
// moves on when the wallet finishes. Without JavaScript the page refreshes itself instead.
const progress = document.getElementById('wallet-session-progress');
if (progress && 'EventSource' in window) {
  const source = new EventSource(progress.dataset.eventsUrl);
  source.addEventListener('state', (event) => {
    const { state } = JSON.parse(event.data);
    if (state === 'in_progress') {
      progress.innerHTML = '<p><strong>Your wallet is connected.</strong> Follow the steps in your wallet.</p>';
    } else if (state === 'completed') {
      source.close();
      window.location.assign(progress.dataset.continueUrl);
    } else if (state === 'failed' || state === 'expired') {
      source.close();
      window.location.reload();
    }
  });
}
