"""The rules as data: every regular expression and cue list, one module per kind, each with examples.

    text      where sentences end, fragments, a document's frame lines
    headings  numbered headings, points (一要/二是), what a heading says (topic, goals, review)
    labels    labelled lines, bracketed annotations and task-table headers: one vocabulary
    address   forms of address (同志们)
    cues      task cues: the modal rule, directive verbs, reports, assessments, obligation
    units     names of bodies and the actor of a sentence
    dates     the document's own date

Modules here hold vocabulary only and import nothing but each other; the code that applies them lives in the
pipeline's stages (lines, layout, structure, extract/…). A new label, cue or heading form is one edit here.
(Targets' and deadlines' grammars are kept beside their readers, at the top of `extract/targets_grammar.py` and
`extract/deadlines.py`.)
"""
