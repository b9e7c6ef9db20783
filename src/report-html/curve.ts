/**
 * The step-size curve as inline SVG: |D(h) − reference| against h, both axes logarithmic,
 * one polyline per coordinate, decade ticks, and dashed marks at chosen steps.
 */
import { escapeHtml, sci } from "./escape.js";
import type { Curve } from "./model.js";

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 16, top: 40, bottom: 44 };
/** Room left above the highest point and below the lowest, in decades: no curve runs along the frame. */
const HEADROOM = 0.25;
/** Errors of exactly 0 (D(h) equal to the reference) are drawn at this floor: below anything float64 can resolve at unit scale. */
const ZERO_FLOOR = 1e-18;
const PALETTE = ["#1f5fbf", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085"];

interface Axis {
  low: number;
  high: number;
  toPixel(value: number): number;
}

function logAxis(values: number[], from: number, to: number, headroom = 0): Axis {
  const logs = values.map((v) => Math.log10(Math.max(v, ZERO_FLOOR)));
  const low = Math.floor(Math.min(...logs) - headroom);
  const high = Math.ceil(Math.max(...logs) + headroom);
  const span = Math.max(1, high - low);
  return { low, high: low + span, toPixel: (v) => from + ((Math.log10(Math.max(v, ZERO_FLOOR)) - low) / span) * (to - from) };
}

function ticks(x: Axis, y: Axis): string {
  const parts: string[] = [];
  const bottom = HEIGHT - MARGIN.bottom;
  for (let p = x.low; p <= x.high; p++) {
    const px = x.toPixel(10 ** p).toFixed(1);
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${MARGIN.top}" y2="${bottom}"/><text x="${px}" y="${bottom + 16}" text-anchor="middle">1e${p}</text>`,
    );
  }
  const yStep = Math.max(1, Math.ceil((y.high - y.low) / 8));
  // Counted down from the top, so the highest decade always has its tick and label.
  for (let p = y.high; p >= y.low; p -= yStep) {
    const py = y.toPixel(10 ** p).toFixed(1);
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${py}" y2="${py}"/><text x="${MARGIN.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">1e${p}</text>`,
    );
  }
  parts.push(`<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 6}" text-anchor="middle">step h</text>`);
  // The y title reads horizontally, above its axis.
  parts.push(`<text x="${MARGIN.left - 6}" y="12" text-anchor="start">|D(h) − reference|</text>`);
  return parts.join("");
}

function line(curve: Curve, colour: string, x: Axis, y: Axis): string {
  const xy = curve.points.map((p) => [x.toPixel(p.h), y.toPixel(p.error)] as const);
  const path = `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${xy.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ")}"/>`;
  const dots = curve.points.map(
    (p, m) =>
      `<circle cx="${xy[m][0].toFixed(1)}" cy="${xy[m][1].toFixed(1)}" r="2.5" fill="${colour}"><title>${escapeHtml(`${curve.name}: h = ${sci(p.h, 2)}, error = ${sci(p.error, 2)}`)}</title></circle>`,
  );
  return path + dots.join("");
}

/** One SVG with every curve; an empty string when there is nothing to draw. */
export function renderCurves(curves: readonly Curve[]): string {
  const points = curves.flatMap((c) => c.points);
  if (points.length === 0) return "";
  const x = logAxis(
    points.map((p) => p.h),
    MARGIN.left,
    WIDTH - MARGIN.right,
    HEADROOM,
  );
  const y = logAxis(
    points.map((p) => p.error),
    HEIGHT - MARGIN.bottom,
    MARGIN.top,
    HEADROOM,
  );
  // Mark labels read horizontally in the top margin, one row each so that neighbouring marks never overlap.
  const marks = curves[0].marks.map((m, k) => {
    const at = x.toPixel(m.h);
    const px = at.toFixed(1);
    const anchor = at > WIDTH - MARGIN.right - 120 ? "end" : "start";
    const tx = (anchor === "end" ? at - 3 : at + 3).toFixed(1);
    return `<line class="mark" x1="${px}" x2="${px}" y1="${MARGIN.top - 4 - 12 * k}" y2="${HEIGHT - MARGIN.bottom}"/><text class="mark-label" x="${tx}" y="${MARGIN.top - 6 - 12 * k}" text-anchor="${anchor}">${escapeHtml(m.label)}</text>`;
  });
  const lines = curves.map((c, k) => line(c, PALETTE[k % PALETTE.length], x, y));
  const key = curves
    .map((c, k) => `<span class="swatch" style="background:${PALETTE[k % PALETTE.length]}"></span><code>${escapeHtml(c.name)}</code>`)
    .join(" ");
  const svg = `<svg class="curve" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="step-size curve">${ticks(x, y)}${marks.join("")}${lines.join("")}</svg>`;
  return `${svg}<p class="legend">${key}</p>`;
}
