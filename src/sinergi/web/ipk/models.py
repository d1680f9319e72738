# Models of the ipk app.
