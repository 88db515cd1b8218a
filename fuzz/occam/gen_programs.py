#!/usr/bin/env python3
"""Generates random well-typed occam 2.1 programs for fuzzing the back end (fuzz/occam/run-backend).

    gen_programs.py SEED > prog.occ

The same seed gives the same program. Programs stress what the C++ back end must get right: every
primitive type, conversions with ROUND and TRUNC, RETYPES of variables, tables and expressions,
abbreviations of elements and slices, tables, strings, SIZE and BYTESIN, VALOF expressions,
FUNCTIONs and PROCs with VAL and reference parameters (also nested, using names of their PROC),
records, named types, replicated SEQ and PAR, IF, CASE, WHILE and channels. They are meant to pass
`transit check`; what they compute does not matter (they are built, not run).
"""
import random
import sys

INTS = ["BYTE", "INT16", "INT32", "INT", "INT64"]
REALS = ["REAL32", "REAL64"]
SIZE = {"BYTE": 1, "BOOL": 1, "INT16": 2, "INT32": 4, "INT": 4, "REAL32": 4, "INT64": 8, "REAL64": 8}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n = 0
        self.scalars = {}   # name -> type, variables in scope
        self.arrays = {}    # name -> (elem type, length)
        self.funcs = []     # (name, result type, [param types])
        self.procs = []     # (name, [(mode, type)])

    def fresh(self, stem):
        self.n += 1
        return "%s.%d" % (stem, self.n)

    def pick(self, xs):
        return self.r.choice(xs)

    # ---------------------------------------------------------------- expressions
    def literal(self, t):
        r = self.r
        if t == "BOOL":
            return self.pick(["TRUE", "FALSE"])
        if t == "BYTE":
            return self.pick(["%d(BYTE)" % r.randint(0, 255), "'%s'" % self.pick("abcxyz09")])
        if t in REALS:
            return "%s(%s)" % (self.pick(["0.0", "1.5", "2.25", "100.0", "3.0E3", "1.0E-3"]), t)
        return "%d(%s)" % (r.randint(0, 100), t)

    def var_of(self, t):
        names = [n for n, ty in self.scalars.items() if ty == t]
        return self.pick(names) if names else None

    def target_of(self, t):  # a variable that may be assigned: not a replicator index
        names = [n for n, ty in self.scalars.items() if ty == t and not n.startswith("k.")]
        return self.pick(names) if names else None

    def element_of(self, t):
        arrs = [(n, ln) for n, (et, ln) in self.arrays.items() if et == t]
        if not arrs:
            return None
        n, ln = self.pick(arrs)
        return "%s[%s]" % (n, self.index(ln))

    def index(self, ln):
        r = self.r
        k = r.randint(0, 3)
        ints = [n for n, ty in self.scalars.items() if ty == "INT"]
        if k == 0 or not ints:
            return str(r.randint(0, ln - 1))
        v = self.pick(ints)
        if k == 1:
            return "((%s /\\ #FFFF) \\ %d)" % (v, ln)
        if k == 2:
            return "(SIZE %s) - 1" % self.pick([n for n, (et, l) in self.arrays.items() if l == ln] or ["[0]"]) \
                if any(l == ln for (_, l) in self.arrays.values()) else "0"
        return "(%s /\\ %d)" % (v, (1 << (ln.bit_length() - 1)) - 1) if ln > 1 else "0"

    def expr(self, t, depth=0):
        r = self.r
        if depth > 3:
            return self.var_of(t) or self.literal(t)
        k = r.randint(0, 11)
        if k == 0:
            return self.literal(t)
        if k in (1, 2):
            return self.var_of(t) or self.element_of(t) or self.literal(t)
        if k == 3:
            return self.element_of(t) or self.literal(t)
        if t == "BOOL":
            if k in (4, 5, 6):
                u = self.pick(INTS + REALS + ["BOOL"])
                ops = ["=", "<>"] if u == "BOOL" else ["=", "<>", "<", ">", "<=", ">="]
                if u in INTS and r.random() < 0.2:
                    ops = ["AFTER"]
                return "(%s %s %s)" % (self.expr(u, depth + 1), self.pick(ops), self.expr(u, depth + 1))
            if k == 7:
                return "(NOT %s)" % self.expr("BOOL", depth + 1)
            if k == 8:
                return "(%s %s %s)" % (self.expr("BOOL", depth + 1), self.pick(["AND", "OR"]), self.expr("BOOL", depth + 1))
        elif t in INTS:
            if k in (4, 5):
                op = self.pick(["PLUS", "MINUS", "TIMES", "/\\", "\\/", "><", "+", "-", "*"])
                return "(%s %s %s)" % (self.expr(t, depth + 1), op, self.expr(t, depth + 1))
            if k == 6:
                return "(%s %s %d)" % (self.expr(t, depth + 1), self.pick(["<<", ">>"]), r.randint(0, 8 * SIZE[t]))
            if k == 7:
                return "(%s %s)" % (self.pick(["BITNOT", "~", "MINUS"]), self.expr(t, depth + 1))
            if k == 8:
                u = self.pick(REALS)
                return "(%s %s %s)" % (t, self.pick(["ROUND", "TRUNC"]), self.expr(u, depth + 1))
            if k == 9 and t == "INT":
                if self.arrays and r.random() < 0.5:
                    return "(SIZE %s)" % self.pick(list(self.arrays))
                return "(BYTESIN (%s))" % self.pick(INTS + REALS)
            if k == 9:
                return "(%s %s)" % (self.pick(["MOSTPOS", "MOSTNEG"]), t)
        else:  # REAL
            if k in (4, 5, 6):
                return "(%s %s %s)" % (self.expr(t, depth + 1), self.pick(["+", "-", "*"]), self.expr(t, depth + 1))
            if k == 7:
                return "(- %s)" % self.expr(t, depth + 1)
            if k == 8:
                u = self.pick(INTS + REALS)
                mode = "ROUND " if u in INTS or (u == "REAL64" and t == "REAL32") else self.pick(["", "ROUND ", "TRUNC "])
                if u == t:
                    mode = ""
                return "(%s %s%s)" % (t, mode, self.expr(u, depth + 1))
        if k == 10:
            fs = [f for f in self.funcs if f[1] == t]
            if fs:
                name, _, params = self.pick(fs)
                return "%s (%s)" % (name, ", ".join(self.expr(p, depth + 1) for p in params))
        return self.var_of(t) or self.literal(t)

    # ---------------------------------------------------------------- processes
    def assign(self, ind):
        targets = [(n, ty) for n, ty in self.scalars.items() if not n.startswith("k.")]  # not an index
        if not targets:
            return [ind + "SKIP"]
        n, t = self.pick(targets)
        if self.r.random() < 0.3:
            e = self.element_of(t)
            if e:
                return [ind + "%s := %s" % (e, self.expr(t))]
        return [ind + "%s := %s" % (n, self.expr(t))]

    def retypes(self, ind):
        r = self.r
        pairs = [("INT32", "REAL32"), ("INT64", "REAL64"), ("INT32", "[4]BYTE"), ("INT64", "[2]INT32"),
                 ("REAL64", "[4]INT16"), ("INT16", "[2]BYTE"), ("[2]INT16", "INT32"), ("REAL32", "[2]INT16")]
        src, dst = self.pick(pairs)
        if r.random() < 0.5:
            src, dst = dst, src
        name = self.fresh("rt")
        if src.startswith("["):
            n, et = int(src[1]), src[3:]
            val = "[%s]" % ", ".join(self.expr(et) for _ in range(n))
        else:
            val = self.expr(src)
            if r.random() < 0.5:
                v = self.target_of(src)
                if v:
                    val = v
        lines = [ind + "VAL %s %s RETYPES %s :" % (dst, name, val)]
        if dst.startswith("["):
            n, et = int(dst[1]), dst[3:]
            use = "%s[%d]" % (name, r.randint(0, n - 1))
            t = et
        else:
            use, t = name, dst
        v = self.target_of(t)
        lines.append(ind + ("%s := %s" % (v, use) if v else "SKIP"))
        return lines

    def abbreviation(self, ind, depth):
        r = self.r
        arrs = list(self.arrays.items())
        if not arrs:
            return [ind + "SKIP"]
        n, (et, ln) = self.pick(arrs)
        name = self.fresh("ab")
        if r.random() < 0.5:
            start = r.randint(0, ln - 1)
            count = r.randint(0, ln - start)
            lines = [ind + "%s IS [%s FROM %d FOR %d] :" % (name, n, start, count)]
            lines.append(ind + "SEQ i = 0 FOR SIZE %s" % name)
            lines.append(ind + "  %s[i] := %s" % (name, self.literal(et)))
            return lines
        lines = [ind + "%s%s IS %s[%d] :" % ("VAL " if r.random() < 0.4 else "", name, n, r.randint(0, ln - 1))]
        v = self.target_of(et)
        lines.append(ind + ("%s := %s" % (v, name) if v and not v.startswith(n) else "SKIP"))
        return lines

    def process(self, ind, depth=0):
        r = self.r
        k = r.randint(0, 16 if depth < 3 else 4)
        if k <= 3:
            return self.assign(ind)
        if k == 4:
            return self.retypes(ind)
        if k == 5:
            return self.abbreviation(ind, depth)
        if k == 6:
            lines = [ind + "SEQ"]
            for _ in range(r.randint(1, 3)):
                lines += self.process(ind + "  ", depth + 1)
            return lines
        if k == 7:
            lines = [ind + "IF"]
            for _ in range(r.randint(1, 2)):
                lines.append(ind + "  " + self.expr("BOOL", 2))
                lines += self.process(ind + "    ", depth + 1)
            lines += [ind + "  TRUE", ind + "    SKIP"]
            return lines
        if k == 8:
            t = self.pick(["INT", "BYTE", "INT16", "BOOL"])
            sel = self.target_of(t) or self.literal(t)
            lines = [ind + "CASE %s" % sel]
            used = set()
            for _ in range(r.randint(1, 3)):
                v = self.literal(t)
                if v in used or v.startswith("'") and t != "BYTE":
                    continue
                used.add(v)
                lines.append(ind + "  " + v)
                lines += self.process(ind + "    ", depth + 1)
            lines += [ind + "  ELSE", ind + "    SKIP"]
            return lines
        if k == 9:
            name = self.fresh("k")
            lines = [ind + "SEQ %s = 0 FOR %d" % (name, r.randint(0, 4))]
            self.scalars[name] = "INT"
            lines += self.process(ind + "  ", depth + 1)
            del self.scalars[name]
            return lines
        if k == 10:
            # a replicated PAR writing its own element of a fresh array
            et = self.pick(INTS + REALS + ["BOOL"])
            a = self.fresh("pa")
            ln = r.randint(1, 6)
            lines = [ind + "[%d]%s %s :" % (ln, et, a), ind + "PAR i = 0 FOR %d" % ln]
            lines.append(ind + "  %s[i] := %s" % (a, self.expr(et, 2)))
            return lines
        if k == 11 and self.procs:
            name, params = self.pick(self.procs)
            args = []
            for mode, t in params:
                if mode == "VAL":
                    args.append(self.expr(t, 2))
                else:
                    v = self.fresh("arg")
                    args.append(None)
                    args[-1] = (v, t)
            decls = [ind + "%s %s :" % (t, v) for a in args if isinstance(a, tuple) for (v, t) in [a]]
            call = "%s (%s)" % (name, ", ".join(a[0] if isinstance(a, tuple) else a for a in args))
            return decls + [ind + "SEQ"] + [ind + "  %s := %s" % (a[0], self.literal(a[1])) for a in args if isinstance(a, tuple)] + [ind + "  " + call]
        if k == 12:
            t = self.pick(INTS + REALS)
            c = self.fresh("c")
            v = self.target_of(t)
            if not v:
                return [ind + "SKIP"]
            return [ind + "CHAN %s %s :" % (t, c), ind + "PAR", ind + "  %s ! %s" % (c, self.literal(t)),
                    ind + "  %s ? %s" % (c, v)]
        if k == 13:  # a VALOF as an abbreviation's value, its lines under its bracket
            t = self.pick(INTS + REALS + ["BOOL"])
            name, loc = self.fresh("vo"), self.fresh("l")
            v = self.target_of(t)
            head = ind + "VAL %s %s IS (" % (t, name)
            col = " " * len(head)
            return [head + "%s %s :" % (t, loc), col + "VALOF", col + "  %s := %s" % (loc, self.expr(t, 2)),
                    col + "  RESULT %s" % loc, col + ") :", ind + ("%s := %s" % (v, name) if v else "SKIP")]
        return self.more(ind, depth)

    def more(self, ind, depth):
        """Less common forms: open array parameters, records, named types, nested PROCs with
        free names, multi-result and array FUNCTIONs, counted and sequential protocols, ALT."""
        r = self.r
        k = r.randint(0, 7)
        t = self.pick(INTS + REALS + ["BOOL"])
        if k == 0:  # an open array parameter given a slice, a whole array or a table
            p, a = self.fresh("op"), self.fresh("oa")
            ln = r.randint(1, 5)
            arg = self.pick(["%s" % a, "[%s FROM 0 FOR %d]" % (a, r.randint(0, ln)), "[%s FOR %d]" % (a, ln)])
            return [ind + "[%d]%s %s :" % (ln, t, a), ind + "PROC %s ([]%s x, VAL []%s y)" % (p, t, t),
                    ind + "  SEQ i = 0 FOR SIZE x", ind + "    x[i] := y[i \\ (SIZE y)]",
                    ind + ":", ind + "SEQ", ind + "  SEQ i = 0 FOR %d" % ln, ind + "    %s[i] := %s" % (a, self.literal(t)),
                    ind + "  %s (%s, [%s, %s])" % (p, arg, self.literal(t), self.literal(t))]
        if k == 1:  # a record: fields, a table as its value, an abbreviation of a field
            v, f = self.fresh("rec"), self.fresh("fa")
            return [ind + "PAIR %s :" % v, ind + "SEQ", ind + "  %s := [%d, %s]" % (v, r.randint(0, 9), self.literal("REAL64")),
                    ind + "  %s IS %s[b] :" % (f, v), ind + "  %s := %s + %s" % (f, f, self.expr("REAL64", 2)),
                    ind + "  %s[a] := %s[a] PLUS (BYTESIN (PAIR))" % (v, v)]
        if k == 2:  # a named type and conversions to and from it
            m = self.fresh("mi")
            return [ind + "MYINT %s :" % m, ind + "SEQ", ind + "  %s := MYINT (%s)" % (m, self.expr("INT", 2)),
                    ind + "  %s := %s PLUS (MYINT %d)" % (m, m, r.randint(0, 9)),
                    ind + "  %s := INT %s" % (self.fresh_int_target(), m)]
        if k == 3:  # a nested PROC using and changing a name of its PROC
            v = self.target_of(t)
            if not v:
                return [ind + "SKIP"]
            p = self.fresh("np")
            return [ind + "PROC %s (VAL %s d)" % (p, t), ind + "  %s := d" % v, ind + ":", ind + "%s (%s)" % (p, self.literal(t))]
        if k == 4:  # a FUNCTION of two results in a multiple assignment, and one of an array
            u = self.pick(INTS + REALS)
            v, w = self.target_of(t), self.target_of(u)
            f, g = self.fresh("mf"), self.fresh("af")
            if not v or not w:
                return [ind + "SKIP"]
            return [ind + "%s, %s FUNCTION %s (VAL %s x, VAL %s y) IS y, x :" % (u, t, f, t, u),
                    ind + "[3]%s FUNCTION %s (VAL %s x) IS [x, x, x] :" % (t, g, t),
                    ind + "SEQ", ind + "  %s, %s := %s (%s, %s)" % (w, v, f, v, w),
                    ind + "  %s := %s (%s)[%d]" % (v, g, self.expr(t, 2), r.randint(0, 2))]
        if k == 5:  # a counted array protocol and a sequential one
            c, d, n, buf = self.fresh("cc"), self.fresh("cd"), self.fresh("n"), self.fresh("buf")
            sp = self.fresh("sp")
            return [ind + "CHAN OF INT::[]%s %s :" % (t, c), ind + "PROTOCOL %s IS INT; %s :" % (sp, t), ind + "CHAN OF %s %s :" % (sp, d),
                    ind + "[4]%s %s :" % (t, buf), ind + "INT %s :" % n, ind + "SEQ",
                    ind + "  PAR", ind + "    %s ! 2::[%s, %s]" % (c, self.literal(t), self.literal(t)),
                    ind + "    %s ? %s::%s" % (c, n, buf), ind + "  PAR",
                    ind + "    %s ! %d; %s" % (d, r.randint(0, 9), self.literal(t)), ind + "    %s ? %s; %s[0]" % (d, n, buf)]
        if k == 6:  # ALT over a replicated guard with a boolean
            c, v = self.fresh("ac"), self.target_of(t)
            if not v:
                return [ind + "SKIP"]
            return [ind + "[2]CHAN OF %s %s :" % (t, c), ind + "PAR", ind + "  %s[1] ! %s" % (c, self.literal(t)),
                    ind + "  ALT i = 0 FOR 2", ind + "    (i = 1) & %s[i] ? %s" % (c, v), ind + "      SKIP"]
        # two-dimensional arrays and their rows
        a, row = self.fresh("grid"), self.fresh("row")
        n, m = r.randint(1, 3), r.randint(1, 3)
        return [ind + "[%d][%d]%s %s :" % (n, m, t, a), ind + "SEQ", ind + "  SEQ i = 0 FOR %d" % n,
                ind + "    SEQ j = 0 FOR %d" % m, ind + "      %s[i][j] := %s" % (a, self.literal(t)),
                ind + "  %s IS %s[0] :" % (row, a), ind + "  %s[0] := %s" % (row, "%s[%d][0]" % (a, n - 1) if n > 1 else row + "[0]")]

    def fresh_int_target(self):  # main declares at least one INT variable
        return self.pick([n for n, ty in self.scalars.items() if ty == "INT" and not n.startswith("k.")])

    # ---------------------------------------------------------------- program
    def program(self):
        r = self.r
        out = []
        # DATA TYPEs and a RECORD
        out += ["DATA TYPE MYINT IS INT :", "DATA TYPE PAIR", "  RECORD", "    INT a :", "    REAL64 b :", ":"]
        # FUNCTIONs
        for _ in range(r.randint(1, 3)):
            t = self.pick(INTS + REALS + ["BOOL"])
            params = [self.pick(INTS + REALS) for _ in range(r.randint(0, 2))]
            name = self.fresh("f")
            saved = dict(self.scalars)
            self.scalars = {}
            ps = []
            for p in params:
                pn = self.fresh("p")
                self.scalars[pn] = p
                ps.append("VAL %s %s" % (p, pn))
            if r.random() < 0.5:
                out.append("%s FUNCTION %s (%s) IS %s :" % (t, name, ", ".join(ps), self.expr(t, 1)))
            else:
                out.append("%s FUNCTION %s (%s)" % (t, name, ", ".join(ps)))
                loc = self.fresh("l")
                out += ["  %s %s :" % (t, loc), "  VALOF", "    %s := %s" % (loc, self.expr(t, 1)), "    RESULT %s" % loc, ":"]
            self.scalars = saved
            self.funcs.append((name, t, params))
        # a PROC with VAL and reference parameters
        for _ in range(r.randint(1, 2)):
            name = self.fresh("q")
            params = [(self.pick(["VAL", ""]), self.pick(INTS + REALS + ["BOOL"])) for _ in range(r.randint(1, 3))]
            saved = dict(self.scalars)
            saved_arrays = dict(self.arrays)
            self.scalars = {}
            self.arrays = {}
            ps, refs = [], []
            for mode, t in params:
                pn = self.fresh("p")
                ps.append(("VAL " if mode == "VAL" else "") + "%s %s" % (t, pn))
                self.scalars[pn] = t  # the body reads every parameter and assigns the others
                if mode != "VAL":
                    refs.append((pn, t))
            out.append("PROC %s (%s)" % (name, ", ".join(ps)))
            lines = []
            for _ in range(r.randint(1, 3)):
                if refs:
                    pn, t = self.pick(refs)
                    lines.append("    %s := %s" % (pn, self.expr(t, 1)))
            out += ["  SEQ"] + (lines or ["    SKIP"]) + [":"]
            self.scalars = saved
            self.arrays = saved_arrays
            self.procs.append((name, params))
        out.append("PROC main (CHAN BYTE keyboard?, screen!, error!)")
        decls = []
        for t in INTS + REALS + ["BOOL"]:
            for _ in range(r.randint(1, 2)):
                n = self.fresh(t.lower())
                self.scalars[n] = t
                decls.append("  %s %s :" % (t, n))
            if r.random() < 0.7:
                n = self.fresh("a" + t.lower())
                ln = r.randint(1, 8)
                self.arrays[n] = (t, ln)
                decls.append("  [%d]%s %s :" % (ln, t, n))
        out += decls
        body = ["  SEQ"]
        for n, t in list(self.scalars.items()):
            body.append("    %s := %s" % (n, self.literal(t)))
        for n, (t, ln) in self.arrays.items():
            body.append("    SEQ i = 0 FOR %d" % ln)
            body.append("      %s[i] := %s" % (n, self.literal(t)))
        for _ in range(r.randint(4, 12)):
            body += self.process("    ")
        out += body + [":"]
        return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(Gen(int(sys.argv[1]) if len(sys.argv) > 1 else 0).program())
