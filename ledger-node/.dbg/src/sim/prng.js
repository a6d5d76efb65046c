/** Seeded PRNG for the simulator (sfc32 seeded through splitmix32). Never Math.random. */
export class Prng {
    a;
    b;
    c;
    d;
    constructor(seed) {
        let s = seed >>> 0;
        const next = () => {
            s = (s + 0x9e3779b9) >>> 0;
            let z = s;
            z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
            z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
            return (z ^ (z >>> 16)) >>> 0;
        };
        this.a = next();
        this.b = next();
        this.c = next();
        this.d = next();
        for (let i = 0; i < 12; i++)
            this.u32();
    }
    u32() {
        const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
        this.d = (this.d + 1) >>> 0;
        this.a = this.b ^ (this.b >>> 9);
        this.b = (this.c + (this.c << 3)) >>> 0;
        this.c = (this.c << 21) | (this.c >>> 11);
        this.c = (this.c + t) >>> 0;
        return t;
    }
    /** Uniform in [0, 1). */
    float() {
        return this.u32() / 4294967296;
    }
    /** Uniform integer in [lo, hi]. */
    int(lo, hi) {
        return lo + Math.floor(this.float() * (hi - lo + 1));
    }
    chance(p) {
        return this.float() < p;
    }
    pick(xs) {
        if (xs.length === 0)
            throw new Error('pick from empty list');
        return xs[this.int(0, xs.length - 1)];
    }
    shuffle(xs) {
        for (let i = xs.length - 1; i > 0; i--) {
            const j = this.int(0, i);
            const t = xs[i];
            xs[i] = xs[j];
            xs[j] = t;
        }
        return xs;
    }
    bytes(n) {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++)
            out[i] = this.u32() & 0xff;
        return out;
    }
}
//# sourceMappingURL=prng.js.map