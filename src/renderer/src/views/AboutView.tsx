import { useApp } from '../use-app';

export function AboutView() {
  const version = useApp((s) => s.version);
  return (
    <section className="panel about" aria-labelledby="about-title">
      <h2 id="about-title">About SHIOL+ Batch</h2>
      <p>
        SHIOL+ Batch pre-generates Powerball tickets on your own computer with six modes: random
        quick picks, v1 strategies, a v2 probability model, a hybrid of the two, a random forest and
        an LSTM.
      </p>
      <p>
        <strong>Lottery draws are random.</strong> The odds of the jackpot are 1 in 292,201,338, and
        of winning any prize about 1 in 24.9. No mode here beats chance in expectation: the models
        learn patterns from past draws, but past draws do not predict future ones. The Metrics view
        shows plainly how each mode compares with chance.
      </p>
      <p>Play for fun, and only with money you can afford to lose.</p>
      <p className="muted">Version {version ?? '—'}</p>
    </section>
  );
}
