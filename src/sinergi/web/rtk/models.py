# Models of the rtk app.
