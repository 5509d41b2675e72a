"""Spanish prose of the notes, written as a lecturer writes it (see i18n.py)."""

ES = {
    # títulos y encabezados
    "title_conv": "Convolución {dims}D: forward y backward pass",
    "title_lenet": "LeNet-5: dimensiones, parámetros, forward y backward pass",
    "title_avgpool2d": "Average pooling: forward y backward pass",
    "title_maxpool2d": "Max pooling: forward y backward pass",
    "title_dense": "Capa densa: forward y backward pass",
    "title_tanh": "La activación tanh: forward y backward pass",
    "title_sigmoid": "La activación sigmoide: forward y backward pass",
    "title_relu": "La activación ReLU: forward y backward pass",
    "title_softmax_cross_entropy": "La entropía cruzada con softmax y su gradiente",
    "setup": "Planteamiento",
    "forward": "Forward pass",
    "backward": "Backward pass",
    "local": "La derivada local",
    "grad_w": "Gradiente respecto al kernel",
    "grad_x": "Gradiente respecto a la entrada",
    "grad_b": "Gradiente respecto al sesgo",
    "jacobians": "Matrices jacobianas",
    "closed": "Formas cerradas y dimensiones",
    "verified": "Verificado",
    "figure": "Figura",
    "layer": "Capa",
    "mode_correlation": "correlación cruzada, la que calcula PyTorch",
    "mode_convolution": "convolución propiamente dicha, con el kernel volteado",
    # planteamiento
    "setup_intro": "La capa recibe una entrada {X}, desliza sobre ella un kernel {W} y "
    "obtiene el mapa de características {Z}; la operación es una {t_mode}. "
    "En el backward pass nos llega {G}, el gradiente de la función de costo "
    "respecto a ese mapa. Las dimensiones son:",
    "setup_options": "Stride {s}, padding {p}, dilatación {d}, grupos {g}.",
    "setup_pad": "El padding rellena el borde con ceros: {Xpad} es {X} con esos ceros "
    "añadidos, y {Xpad} pertenece a {shape}.",
    "size_intro": "El tamaño de la salida es el número de veces que cabe el kernel en la "
    "entrada con padding, avanzando de stride en stride:",
    "params_intro": "Cada filtro tiene un peso por posición del kernel y canal de entrada, "
    "más su sesgo; en total la capa tiene {n_params} parámetros entrenables:",
    "params_intro_nobias": "Cada filtro tiene un peso por posición del kernel y canal de "
    "entrada, sin sesgo; en total la capa tiene {n_params} parámetros "
    "entrenables:",
    # forward
    "forward_intro": "Cada elemento de la salida es la suma de los productos del kernel por "
    "el trozo de la entrada que queda debajo ({t_mode}). Si escribimos "
    "{corr} para la correlación cruzada:",
    "fig_receptive": "Campo receptivo de cada elemento de la salida: las entradas "
    "resaltadas de {X} son las que se multiplican por {W}.",
    "fig_sliding": "Ventana deslizante: las celdas que usan {z1} y {z2} (con los dos "
    "colores donde se solapan). El stride {s} desplaza la ventana y la "
    "dilatación {d} separa sus elementos.",
    "example_intro": "Con los números del ejemplo:",
    "forward_each": "Elemento a elemento queda:",
    "too_large_forward": "Esta configuración tiene {n_out} elementos de salida con "
    "{n_terms} productos cada uno; escribirlos uno a uno ocuparía "
    "páginas enteras, así que damos la forma general, que vale para "
    "todos ellos.",
    "forward_general": "De forma general, para cualquier posición de la salida:",
    "where_kernel": "donde {k1} y {k2} son el número de filas y el de columnas del kernel",
    "where_kernel_square": "donde {k} es el número de filas y de columnas del kernel",
    "where_kernel_1d": "donde {k} es la longitud del kernel",
    "where_runs_row": ", mientras que {i} recorre las filas de la salida, de {lo} a {hi}",
    "where_runs_col": ", mientras que {i} recorre las columnas de la salida, de {lo} a {hi}",
    "where_runs_1d": ", mientras que {i} recorre la salida, de {lo} a {hi}",
    "where_end": ".",
    # backward
    "backward_intro": "En el backward pass conocemos {G} y buscamos los gradientes respecto "
    "al kernel, a la entrada y al sesgo. Todo sale de la regla de la cadena "
    "y de una única derivada local.",
    "local_intro": "Fijemos un peso y veamos cómo cambia con él un elemento de la salida. "
    "Por ejemplo:",
    "local_general": "En todos los casos sobrevive un solo término de la suma, aquel cuyo "
    "índice del kernel coincide con el del peso:",
    "grad_w_intro": "Un peso de {W} interviene en todas las posiciones de la ventana, así "
    "que su gradiente acumula una contribución de cada elemento de la "
    "salida:",
    "grad_w_bounds": "Ojo: las sumas recorren la salida, hasta {Ho}, y no el tamaño del "
    "kernel {k1}; es un despiste frecuente en los apuntes a mano.",
    "grad_w_written": "Con la regla de la cadena escrita término a término, empezando por {w0}:",
    "grad_x_intro": "Un elemento de {X} solo lo tocan las ventanas que lo contienen. Cada "
    "una aporta el peso que lo multiplicó por el elemento correspondiente "
    "de {G}:",
    "grad_x_stride": "Aquí, un índice del gradiente que no es entero, o que cae fuera de la "
    "salida, vale cero: el stride se salta esas posiciones.",
    "grad_x_zero": "Los elementos de {G} fuera de la salida cuentan como cero, que es lo "
    "que ocurre en el borde.",
    "grad_x_written": "Elemento a elemento, con la regla de la cadena escrita:",
    "grad_b_intro": "El sesgo {b} se suma a todos los elementos de la salida de su filtro, "
    "así que su gradiente es simplemente la suma:",
    "jacobian_intro": "Las mismas cuentas en forma matricial: la jacobiana reúne todas las "
    "derivadas locales y cada gradiente es su traspuesta por el gradiente "
    "que llega.",
    "closed_w": "La doble suma de productos no es otra cosa que una correlación cruzada "
    "({corr}) de la entrada {X} con el gradiente que llega, {G}:",
    "closed_x": "El gradiente de la entrada es una convolución completa: se rellena {G} "
    "con ceros y se correlaciona con el kernel {W} rotado 180 grados:",
    "dims_intro": "Cada gradiente tiene la forma del tensor al que corresponde:",
    "verified_intro": "symconv ha obtenido cada elemento con la regla de la cadena y ha "
    "demostrado, de forma exacta y para esta configuración, que cada "
    "forma cerrada coincide con él:",
    "verified_general": "forma general",
    "entries": "elementos",
    "terms": "términos",
    "status_proved": "demostrado",
    "status_failed": "FALLA",
    # LeNet
    "lenet_intro": "LeNet-5 sobre una imagen en escala de grises de {shape}. La tabla da, "
    "para cada capa, su salida, el número de activaciones y los parámetros "
    "entrenables.",
    "title_network": "La red {name}: dimensiones, parámetros, forward y backward pass",
    "network_intro": "La red {t_name} sobre una entrada de {shape}. La tabla da, para cada "
    "capa, su salida, el número de activaciones y los parámetros entrenables.",
    "lenet_table": "Activaciones y parámetros por capa",
    "lenet_total": "En total la red tiene {n_params} parámetros entrenables.",
    "lenet_conv": "Convolución {name}",
    "lenet_pool": "Pooling {name}",
    "lenet_dense": "Capa densa {name}",
    "lenet_loss": "Función de costo",
    "lenet_activation": "La activación se aplica elemento a elemento, y en el backward pass "
    "se multiplica por su derivada:",
    "lenet_pool_intro": "El average pooling es una convolución por canales con el kernel "
    "constante {k}; su gradiente reparte cada elemento de {G} a partes "
    "iguales por su ventana:",
    "lenet_maxpool_intro": "El max pooling manda cada elemento de {G} a la posición del "
    "máximo de su ventana:",
    "lenet_dense_intro": "Una capa densa es un producto de matrices; sus gradientes son los "
    "productos traspuestos:",
    "lenet_loss_intro": "La entropía cruzada con softmax tiene un gradiente famoso por lo "
    "sencillo:",
    "header_layer": "Capa",
    "header_output": "Salida",
    "header_act": "#Act.",
    "header_params": "#Params",
    "header_formula": "Cálculo params",
    "total": "Total",
}
