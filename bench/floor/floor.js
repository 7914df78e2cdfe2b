// The floor's interactions (see index.html): choose an indicator, click an area on the map,
// change the year, change the level; each redraws map, trend and breakdown and the map's table.
(async () => {
  const data = await (await fetch('floor-data.json')).json();
  const config = data.config;
  let state = Object.assign({}, data.start);
  const key = s => [s.indicator, s.jaar, s.niveau, s.gebied || ''].join('|');
  const indicator = document.getElementById('indicator');
  const jaar = document.getElementById('jaar');

  function fillYears() {
    jaar.replaceChildren(...data.jaren[state.indicator].map(j => new Option(String(j), String(j))));
    jaar.value = String(state.jaar);
  }

  function draw() {
    const v = data.states[key(state)];
    if (!v) throw new Error('state not exported: ' + key(state));
    document.getElementById('titel').textContent = v.titel;
    Plotly.react('kaart', v.kaart.data, v.kaart.layout, config);
    Plotly.react('trend', v.trend.data, v.trend.layout, config);
    if (v.uits) Plotly.react('uits', v.uits.data, v.uits.layout, config);
    else Plotly.purge('uits');
    const rows = v.tabel.map(([naam, waarde, verschil]) => {
      const tr = document.createElement('tr');
      for (const t of [naam, waarde, verschil]) {
        const td = document.createElement('td'); td.textContent = t; tr.append(td);
      }
      return tr;
    });
    document.querySelector('#kaart-tabel tbody').replaceChildren(...rows);
  }

  indicator.replaceChildren(...data.indicatoren.map(([c, n]) => new Option(n, c)));
  indicator.value = state.indicator;
  fillYears();
  for (const [niveau, label] of data.niveaus) {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = label;
    b.addEventListener('click', () => { state = Object.assign({}, state, {niveau, gebied: null}); draw(); });
    document.getElementById('niveaus').append(b);
  }
  indicator.addEventListener('change', () => {
    const code = indicator.value;
    state = {indicator: code, jaar: data.laatste[code], niveau: 'wijk', gebied: null};
    fillYears(); draw();
  });
  jaar.addEventListener('change', () => {
    const next = Object.assign({}, state, {jaar: Number(jaar.value)});
    if (!data.states[key(next)]) next.gebied = null;
    state = next; draw();
  });
  draw();
  document.getElementById('kaart').on('plotly_click', ev => {
    const p = ev.points && ev.points[0];
    let code = p && (p.customdata !== undefined ? p.customdata : p.data && p.data.customdata);
    if (Array.isArray(code)) code = code[0];
    if (typeof code !== 'string') return;
    state = Object.assign({}, state, {gebied: code}); draw();
  });
})();
