// Small charts as inline SVG, built with DOM calls (no library, no inline style: colours come from app.css classes).
const NS = "http://www.w3.org/2000/svg";

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/**
 * Horizontal bars: one row per item, its label, a bar as long as its share of the largest value, and the value.
 * items: [{ label, value, kind }] (kind becomes a CSS class, e.g. a verdict).
 */
export function barChart(title, items, { labelWidth = 180 } = {}) {
  const rowHeight = 26;
  const width = 560;
  const barSpace = width - labelWidth - 50;
  const max = Math.max(1, ...items.map((i) => i.value));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${Math.max(1, items.length) * rowHeight + 8}`, role: "img", class: "chart", "aria-label": title });
  chart.append(svg("title", {}, title));
  items.forEach((item, index) => {
    const y = index * rowHeight + 4;
    const length = Math.round((item.value / max) * barSpace);
    const row = svg("g", { class: `bar ${item.kind ?? ""}` });
    row.append(
      svg("text", { x: labelWidth - 8, y: y + 17, "text-anchor": "end", class: "label" }, item.label),
      svg("rect", { x: labelWidth, y: y + 3, width: Math.max(length, item.value > 0 ? 2 : 0), height: rowHeight - 8, rx: 2 }),
      svg("text", { x: labelWidth + length + 6, y: y + 17, class: "value" }, String(item.value)));
    chart.append(row);
  });
  if (items.length === 0) chart.append(svg("text", { x: 8, y: 20, class: "label" }, "nothing yet"));
  return chart;
}

/** Vertical bars over ordered bands (a score distribution): bands: [{ label, value }]. */
export function histogram(title, bands) {
  const width = 560;
  const height = 200;
  const bottom = 30;
  const max = Math.max(1, ...bands.map((b) => b.value));
  const step = width / Math.max(1, bands.length);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart histogram", "aria-label": title });
  chart.append(svg("title", {}, title));
  bands.forEach((band, index) => {
    const barHeight = Math.round((band.value / max) * (height - bottom - 20));
    const x = index * step + 4;
    const group = svg("g", { class: "bar" });
    group.append(
      svg("rect", { x, y: height - bottom - barHeight, width: step - 8, height: barHeight, rx: 2 }),
      svg("text", { x: x + (step - 8) / 2, y: height - bottom - barHeight - 4, "text-anchor": "middle", class: "value" }, String(band.value)),
      svg("text", { x: x + (step - 8) / 2, y: height - 10, "text-anchor": "middle", class: "label" }, band.label));
    chart.append(group);
  });
  return chart;
}
