"""The HTTP contract: the resolver, its error mapping and answers (here), the citizens' routers and
models (`public/`), the staff's (`staff/`). Models here are converted explicitly from and to the
domain's; nothing here is stored, and nothing stored is returned as it is."""
