"""The LaTeX-math grammar of one statement, for lark's LALR(1) parser.

Why LALR and not Earley: LALR runs in time linear in the input with an explicit stack, so a
hostile 2,000-character formula can neither hang the checker nor exhaust Python's recursion;
the price is a grammar without ambiguity.  Juxtaposition is therefore not decided here: a
term is a flat list of items (factors, operators, explicit spaces) and the evaluator groups
it (``\\sum`` takes the rest of the term, ``w(m, n)`` is an index application in functional
notation, ``2p`` is a product).  The grammar only knows brackets, scripts, fractions,
environments and relations.

The grammar is kept in this module (not a ``.lark`` file) so that it ships with the package
without package-data configuration.
"""

GRAMMAR = r"""
start: chain

chain: side (REL side)*
     | REL side (REL side)*          -> lead_chain

side: expr ("," expr)*

expr: SIGN? term (SIGN term)*

term: item+

?item: factor
     | MULOP      -> op
     | MULOP "_" brace -> op_sub
     | HSPACE     -> space
     | PUNCT      -> punct

factor: atom script*

script: "_" scriptarg      -> sub
      | "^" scriptarg      -> sup
      | PRIME              -> prime

?scriptarg: brace | LETTER -> letter | NUMBER -> number | CMD -> cmd | MULOP -> op
          | ESC -> esc | TEXT -> text | PRIME -> primearg

?atom: LETTER                 -> letter
     | NUMBER                 -> number
     | CMD                    -> cmd
     | ESC                    -> esc
     | TEXT                   -> text
     | FONT fontarg           -> font
     | FRAC fracarg fracarg   -> frac
     | "(" content ")"        -> paren
     | "[" content "]"        -> bracket
     | LSET content RSET      -> set
     | LFLOOR content RFLOOR  -> floor
     | LCEIL content RCEIL    -> ceil
     | brace
     | BEGIN rows END         -> env

?fontarg: brace | LETTER -> letter | CMD -> cmd | NUMBER -> number
?fracarg: brace | LETTER -> letter | NUMBER -> number | CMD -> cmd

brace: "{" content "}"

content: chain?

rows: row (ROWSEP row)*
row: cell ("&" cell)*
cell: chain?

REL.4: /=|:=|<|>/
     | /\\(?:neq|ne|approx|equiv|Rightarrow|implies|Longrightarrow|rightarrow)(?![a-zA-Z])/
     | /\\(?:to|longrightarrow|mapsto|in|leq|le|geq|ge|Leftrightarrow|iff)(?![a-zA-Z])/
     | /\\(?:coloneqq|triangleq|simeq|cong|sim)(?![a-zA-Z])/
MULOP.4: /\*|\//
       | /\\(?:cdot|times|ast|star|otimes|odot|circledast|circ|div|bullet|convolve)(?![a-zA-Z])/
SIGN.4: /[+\-]/ | /\\(?:pm|mp)(?![a-zA-Z])/
FRAC.4: /\\[dt]?frac(?![a-zA-Z])/
TEXT.5: /\\(?:text|mathrm|textrm|textit|textbf|mbox|operatorname|mathit|textsf|texttt)\s*\{[^{}]*\}/
FONT.4: /\\(?:mathbf|mathcal|boldsymbol|bm|mathbb|mathsf|mathscr|mathfrak)(?![a-zA-Z])/
      | /\\(?:hat|widehat|tilde|widetilde|bar|overline|vec|check)(?![a-zA-Z])/
      | /\\(?:boxed|underbrace|overbrace|underline)(?![a-zA-Z])/
BEGIN.5: /\\begin\s*\{[a-zA-Z]+\*?\}(?:\s*\{[^{}]*\})?/
END.5: /\\end\s*\{[a-zA-Z]+\*?\}/
LSET.4: /\\\{/
RSET.4: /\\\}/
LFLOOR.4: /\\lfloor(?![a-zA-Z])/
RFLOOR.4: /\\rfloor(?![a-zA-Z])/
LCEIL.4: /\\lceil(?![a-zA-Z])/
RCEIL.4: /\\rceil(?![a-zA-Z])/
HSPACE.4: /\\[ ;]/ | /\\q?quad(?![a-zA-Z])/ | /~/ | /\\(?:enspace|thickspace)(?![a-zA-Z])/
ROWSEP.4: /\\\\/
ESC.4: /\\[#%&_$|]/
CMD.2: /\\[a-zA-Z]+/
LETTER: /[a-zA-Z]/
NUMBER: /[0-9]+(?:\.[0-9]+)?/
PRIME: /'+/
PUNCT: /[:;!?.|@"]/

SKIP.6: /\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![a-zA-Z])(?:\s*\.)?/
      | /\\(?:displaystyle|textstyle|limits|nolimits)(?![a-zA-Z])/
THIN.6: /\\[,!:>]/
      | /\\(?:thinspace|medspace|negthinspace|negmedspace|negthickspace)(?![a-zA-Z])/
      | /\\hspace\*?\s*\{[^{}]*\}/
      | /\\(?:m?kern|mskip|hskip)\s*-?[0-9.]+\s*(?:mu|pt|em|ex)/
WS: /\s+/

%ignore WS
%ignore SKIP
%ignore THIN
"""
