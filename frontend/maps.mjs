// Country outline maps, drawn once at build time (`npm run build:maps`) from Natural Earth
// data (world-atlas) and committed under static/maps/: the site serves its own SVG files and
// never asks a tile server or any other third party for anything.
//
// Writes
//   static/maps/countries/<iso2 lower>.svg  one outline per country with an ISO alpha-2 code,
//                                          for decorative <img alt=""> (no <title>, no style);
//   static/maps/countries.json            {"rw": [width, height], ...}: which outlines exist and
//                                          their size, for width/height attributes;
//   static/maps/region.json               the projects map: the viewBox and one path per
//                                          country of Africa, Europe and the Middle East, drawn
//                                          inline by projects/includes/projects_map.html.
//
// world-atlas identifies countries by ISO 3166-1 numeric code; frontend/iso.json maps them to
// alpha-2 (exported once from the django-countries data in the Python environment).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { geoAzimuthalEqualArea, geoConicEqualArea, geoPath, geoCentroid } from "d3-geo";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const read = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
const numericToAlpha2 = read("frontend/iso.json");

// Outline: fitted into a square of this many units; the viewBox is then cropped to the shape.
const OUTLINE_SIZE = 200;
const PAD = 2;
// Projects map: the region from the Atlantic to the Gulf, from Scandinavia to the Cape.
const REGION = { west: -26, east: 60, south: -36, north: 62, width: 480 };

/**
 * A d3-geo path context writing SVG path data with coordinates rounded to `step` (0.1 for the
 * outlines, 1 for the projects map, which is drawn small), relative after each ring's start
 * (shorter), dropping the points that rounding makes repeat.
 */
class RoundedPath {
  constructor(step) {
    this.step = step;
    this.decimals = step < 1 ? 1 : 0;
    this.rings = [];
    this.ring = null;
  }
  #round(value) {
    return Number((Math.round(value / this.step) * this.step).toFixed(this.decimals));
  }
  #number(value) {
    return Number(value.toFixed(this.decimals));
  }
  moveTo(x, y) {
    this.ring = { points: [[this.#round(x), this.#round(y)]] };
    this.rings.push(this.ring);
  }
  lineTo(x, y) {
    const point = [this.#round(x), this.#round(y)];
    const [lx, ly] = this.ring.points.at(-1);
    if (point[0] !== lx || point[1] !== ly) this.ring.points.push(point);
  }
  closePath() {}
  arc() {} // points are drawn as nothing (pointRadius is never used here)
  toString() {
    const coordinates = (dx, dy) => `${this.#number(dx)}${dy < 0 ? "" : ","}${this.#number(dy)}`;
    return this.rings
      .filter((ring) => ring.points.length > 2) // reduced to a dot or a line: invisible
      .map(({ points }) => {
        const [[x0, y0], ...rest] = points;
        let [x, y] = [x0, y0];
        const steps = rest.map(([px, py]) => {
          const step = coordinates(px - x, py - y);
          [x, y] = [px, py];
          return step;
        });
        return `M${coordinates(x0, y0)}l${steps.join(" ").replace(/ -/g, "-")}z`;
      })
      .join("");
  }
}

function draw(projection, geometry, step = 0.1) {
  const context = new RoundedPath(step);
  geoPath(projection, context)(geometry);
  return context.toString();
}

/** Features of world-atlas countries-<scale>.json keyed by alpha-2 (parts of one id merged). */
function countriesByCode(scale) {
  const topology = read(`node_modules/world-atlas/countries-${scale}.json`);
  const byCode = new Map();
  for (const country of feature(topology, topology.objects.countries).features) {
    const code = numericToAlpha2[country.id];
    if (!code) continue; // Somaliland, N. Cyprus...: no ISO code of their own
    const known = byCode.get(code);
    if (known) {
      known.geometry = {
        type: "GeometryCollection",
        geometries: [known.geometry, country.geometry],
      };
    } else {
      byCode.set(code, { type: "Feature", id: code, properties: {}, geometry: country.geometry });
    }
  }
  return byCode;
}

function outline(country) {
  // Equal-area and centred on the country itself: shapes as a reader knows them, and
  // countries across the antimeridian (Russia, Fiji) are drawn in one piece.
  const [lon, lat] = geoCentroid(country);
  const projection = geoAzimuthalEqualArea()
    .rotate([-lon, -lat])
    .fitExtent(
      [
        [PAD, PAD],
        [OUTLINE_SIZE - PAD, OUTLINE_SIZE - PAD],
      ],
      country,
    );
  const d = draw(projection, country);
  const [[x0, y0], [x1, y1]] = geoPath(projection).bounds(country);
  const width = Math.ceil(x1 - x0 + 2 * PAD);
  const height = Math.ceil(y1 - y0 + 2 * PAD);
  const viewBox = [Math.floor(x0 - PAD), Math.floor(y0 - PAD), width, height].join(" ");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}" width="${width}" height="${height}">` +
    `<path fill="#d6e4f0" stroke="#1d4f7a" stroke-width="1.5" stroke-linejoin="round" d="${d}"/></svg>\n`;
  return { svg, width, height };
}

function region(countries) {
  const box = {
    type: "Polygon",
    coordinates: [
      [
        // Clockwise, as d3-geo wants a polygon smaller than a hemisphere.
        [REGION.west, REGION.south],
        [REGION.west, REGION.north],
        [REGION.east, REGION.north],
        [REGION.east, REGION.south],
        [REGION.west, REGION.south],
      ],
    ],
  };
  const projection = geoConicEqualArea()
    .parallels([-20, 45])
    .rotate([-17, 0])
    .fitWidth(REGION.width, box)
    .clipExtent(null);
  const [[x0, y0], [x1, y1]] = geoPath(projection).bounds(box);
  projection.clipExtent([
    [x0, y0],
    [x1, y1],
  ]);
  const paths = {};
  for (const [code, country] of [...countries].sort(([a], [b]) => a.localeCompare(b))) {
    const d = draw(projection, country, 1);
    if (d) paths[code.toLowerCase()] = d;
  }
  const viewBox = [x0, y0, x1 - x0, y1 - y0].map((n) => Math.round(n)).join(" ");
  return { viewBox, paths };
}

const outlines = countriesByCode("50m");
const target = join(root, "static/maps/countries");
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const sizes = {};
for (const [code, country] of [...outlines].sort(([a], [b]) => a.localeCompare(b))) {
  const { svg, width, height } = outline(country);
  writeFileSync(join(target, `${code.toLowerCase()}.svg`), svg);
  sizes[code.toLowerCase()] = [width, height];
}
writeFileSync(join(root, "static/maps/countries.json"), `${JSON.stringify(sizes)}\n`);
// The lighter 110m data for the projects map (it is drawn small), except for the countries too
// small to be in it (Luxembourg, Palestine...), taken from the 50m data so they can be linked.
const regionCountries = countriesByCode("110m");
for (const [code, country] of outlines) {
  if (!regionCountries.has(code)) regionCountries.set(code, country);
}
writeFileSync(
  join(root, "static/maps/region.json"),
  `${JSON.stringify(region(regionCountries))}\n`,
);
console.log(`${Object.keys(sizes).length} outlines and the projects map written to static/maps/`);
