/** Pixels per grid cell in the picture. */
const CELL = 24;

/** What one picture shows: walls (1 = wall), agent and optional cheese cells, optional action per cell. */
export interface MazePicture {
  readonly size: number;
  readonly walls: ArrayLike<number>;
  readonly agent: number;
  /** The cheese cell, or -1 when there is none. */
  readonly cheese: number;
  /** Action 0..3 (up, down, left, right) per cell; other values draw no arrow. */
  readonly policy?: ArrayLike<number>;
}

/** Arrow tip offsets (dx, dy) per action: up, down, left, right. */
const DIRECTIONS: ReadonlyArray<readonly [number, number]> = [
  [0, -1],
  [0, 1],
  [-1, 0],
  [1, 0],
];

/** A standalone SVG document of the maze: dark walls, a blue agent, a yellow cheese, grey arrows. */
export function mazeSvg(picture: MazePicture): string {
  const { size, walls, agent, cheese, policy } = picture;
  const side = size * CELL;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">`,
    `<rect class="floor" width="${side}" height="${side}" fill="#ffffff"/>`,
  ];
  const centre = (cell: number): [number, number] => [
    (cell % size) * CELL + CELL / 2,
    Math.floor(cell / size) * CELL + CELL / 2,
  ];
  for (let cell = 0; cell < size * size; cell++) {
    if (walls[cell]! > 0.5) {
      const [x, y] = [(cell % size) * CELL, Math.floor(cell / size) * CELL];
      parts.push(`<rect class="wall" x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="#3b3b3b"/>`);
    }
  }
  if (policy) {
    for (let cell = 0; cell < size * size; cell++) {
      const direction = DIRECTIONS[policy[cell]!];
      if (walls[cell]! > 0.5 || !direction) continue;
      const [cx, cy] = centre(cell);
      const [dx, dy] = direction;
      const reach = CELL * 0.35;
      const [tx, ty] = [cx + dx * reach, cy + dy * reach];
      // Arrowhead: a triangle at the tip, its base across the direction of travel.
      const [bx, by] = [cx + dx * reach * 0.2, cy + dy * reach * 0.2];
      const [px, py] = [-dy * CELL * 0.18, dx * CELL * 0.18];
      parts.push(
        `<line class="arrow" x1="${cx - dx * reach}" y1="${cy - dy * reach}" x2="${bx}" y2="${by}" stroke="#888888" stroke-width="2"/>`,
        `<polygon class="arrowhead" points="${tx},${ty} ${bx + px},${by + py} ${bx - px},${by - py}" fill="#888888"/>`,
      );
    }
  }
  if (cheese >= 0) {
    const [x, y] = centre(cheese);
    parts.push(
      `<circle class="cheese" cx="${x}" cy="${y}" r="${CELL * 0.3}" fill="#f2c230" stroke="#a07800"/>`,
    );
  }
  const [ax, ay] = centre(agent);
  parts.push(`<circle class="agent" cx="${ax}" cy="${ay}" r="${CELL * 0.3}" fill="#2a6fdb"/>`, '</svg>');
  return parts.join('\n');
}
