"""The Django web application. Views parse and render; every change goes through an action
function that checks permission, writes and audits in one transaction; computation is
delegated to :mod:`sinergi.core`."""
