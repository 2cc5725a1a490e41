"""The statistical recommender: one BIO tagger per label over characters (python-crfsuite).

``features`` turns a document into per-character feature tuples; ``tagger`` trains, stores and
applies the taggers (a :class:`~annotator.model.tagger.SpanModel` is bytes plus labels, so it
crosses process boundaries); ``training`` builds training data from a project's decisions.
"""
